import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A petition of the bureau; masswork adds the disputes and receptions that concern it. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Petition {
  @Field(() => ID)
  id: string;
}

export function petitionRef(id: number | null): Petition | null {
  return id === null ? null : { id: String(id) };
}
