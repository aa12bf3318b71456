import { Directive, Field, ObjectType } from "type-graphql";

/** The unified search's results, keyed by the searched text; the bureau owns `Query.search`. */
@ObjectType()
@Directive('@key(fields: "text")')
export class SearchResults {
  @Field(() => String)
  text: string;
}
