import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * The bureau's Petition, extended here with the service center's records about it. The
 * bureau owns `sourceMessageId` and `sourceCallId`; the gateway sends them along so that
 * `onlineMessages` and `hotlineCall` can follow them without asking the bureau's database.
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Petition {
  @Field(() => ID)
  id: string;

  @Field(() => ID, {
    nullable: true,
    description: "the online message this petition came from (owned by the bureau)",
  })
  @Directive("@external")
  sourceMessageId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "the hotline call this petition was registered from (owned by the bureau)",
  })
  @Directive("@external")
  sourceCallId?: string | null;
}

export function petitionRef(id: number | null): Petition | null {
  return id === null ? null : { id: String(id) };
}
