import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * The bureau's Petition, extended here with the service center's records about it. The
 * bureau owns `sourceMessageId`; the gateway sends it along so that `onlineMessages` can
 * follow it without asking the bureau's database.
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
}

export function petitionRef(id: number | null): Petition | null {
  return id === null ? null : { id: String(id) };
}
