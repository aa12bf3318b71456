import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A town of the masswork subgraph, referenced by key. */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Town {
  @Field(() => ID)
  id: string;
}

export function townRef(id: number | null): Town | null {
  return id === null ? null : { id: String(id) };
}
