import { Directive, Field, ObjectType } from "type-graphql";

/** The unified search's results for one text; each department adds its own hits. */
@ObjectType()
@Directive('@key(fields: "text")')
export class SearchResults {
  @Field(() => String)
  text: string;
}
