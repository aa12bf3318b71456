import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A town of the masswork subgraph, referenced by key. */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Town {
  @Field(() => ID)
  id: string;
}

/** A leader of the masswork subgraph, referenced by key. */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Leader {
  @Field(() => ID)
  id: string;
}

export function townRef(id: number | null): Town | null {
  return id === null ? null : { id: String(id) };
}

export function leaderRef(id: number | null): Leader | null {
  return id === null ? null : { id: String(id) };
}
