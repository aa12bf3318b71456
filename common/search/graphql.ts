import { ArgsType, Field, ID, InputType, Int, ObjectType, type ClassType } from "type-graphql";
import { PageInfo } from "../db/pagination";
import { PetitionCategory } from "../domain";

/** The unified search's filter; every department applies what its records have. */
@InputType({
  description:
    "Every given condition must hold. A department whose records have no town or no category finds none of them under that condition.",
})
export class SearchFilter {
  @Field(() => Date, { nullable: true, description: "at or after (the record's own time)" })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: "at or before" })
  to?: Date | null;

  @Field(() => ID, { nullable: true, description: "masswork's town" })
  townId?: string | null;

  @Field(() => [PetitionCategory], { nullable: true, description: "any of these" })
  category?: PetitionCategory[] | null;
}

/** The arguments of every department's page of hits. */
@ArgsType()
export class HitPageArgs {
  @Field(() => Int, { nullable: true, description: "10 unless given, at most 200" })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "the endCursor of the page before" })
  after?: string | null;

  @Field(() => SearchFilter, { nullable: true })
  filter?: SearchFilter | null;
}

/** A page of one department's hits: Relay-style, with a snippet per hit and a count. */
export function hitConnectionType<T extends object>(
  Node: ClassType<T>,
  name: string,
  what: string,
) {
  @ObjectType(`${name}Hit`)
  class Hit {
    @Field(() => String)
    cursor: string;

    @Field(() => Node)
    node: T;

    @Field(() => String, {
      description:
        "the text around the first match, matched words in 【】; phones, ID numbers and names cut out",
    })
    snippet: string;
  }

  @ObjectType(`${name}HitConnection`, {
    description: `${what} matching a search: the most relevant of the newest matches first, then the older matches newest first`,
  })
  class HitConnection {
    @Field(() => [Hit])
    edges: Hit[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, {
      description: "the matches on every page: exact up to 10,000, then an estimate",
    })
    totalCount: number;

    @Field(() => Boolean, { description: "true when totalCount is an estimate" })
    totalCountIsEstimate: boolean;
  }
  return HitConnection;
}
