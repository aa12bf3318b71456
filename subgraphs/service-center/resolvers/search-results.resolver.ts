import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { hitCount, type SubgraphContext } from "../../../common";
import { HotlineCall } from "../entities/hotline-call";
import { OnlineMessage } from "../entities/online-message";
import { SearchResults } from "../entities/search-results";
import { searchHotlineCalls, searchMessages } from "../search";

@Resolver(() => SearchResults)
export class SearchResultsResolver {
  @FieldResolver(() => [OnlineMessage], { description: "messages whose title, content or reply contains the text, newest first" })
  onlineMessages(
    @Root() r: SearchResults,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, { nullable: true, description: "10 unless given, at most 50" }) first?: number | null,
  ): Promise<OnlineMessage[]> {
    return searchMessages(ctx.db, r.text, hitCount(first));
  }

  @FieldResolver(() => [HotlineCall], { description: "hotline calls whose summary contains the text, newest first" })
  hotlineCalls(
    @Root() r: SearchResults,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, { nullable: true, description: "10 unless given, at most 50" }) first?: number | null,
  ): Promise<HotlineCall[]> {
    return searchHotlineCalls(ctx.db, r.text, hitCount(first));
  }
}
