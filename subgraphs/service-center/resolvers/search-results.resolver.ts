import { Arg, Args, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { Access, hasRole } from "../../../common/auth";
import { HitPageArgs, searchHitConnection, searchHits } from "../../../common/search";
import { type SubgraphContext } from "../../../common/server";
import { HotlineCall } from "../entities/hotline-call";
import { OnlineMessage } from "../entities/online-message";
import { SearchResults } from "../entities/search-results";
import { HotlineCallHitConnection, OnlineMessageHitConnection } from "../entities/search-hits";
import { hotlineCallSearch, messageSearch } from "../services/search-index";
import { messageScope } from "../services/visibility";

/** The service center's hits in the unified search: best match first, then newest. */
@Resolver(() => SearchResults)
export class SearchResultsResolver {
  @FieldResolver(() => [OnlineMessage], {
    nullable: true,
    description: "messages by title, content or reply; only those the caller may see",
  })
  onlineMessages(
    @Root() r: SearchResults,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, { nullable: true, description: "10 unless given, at most 50" })
    first?: number | null,
  ): Promise<OnlineMessage[]> {
    return searchHits(ctx.db, OnlineMessage, messageSearch, r.text, first, {
      scope: messageScope(ctx.caller),
    });
  }

  @FieldResolver(() => [HotlineCall], {
    nullable: true,
    description: "hotline calls by their summary; none for callers who may not read them",
  })
  hotlineCalls(
    @Root() r: SearchResults,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, { nullable: true, description: "10 unless given, at most 50" })
    first?: number | null,
  ): Promise<HotlineCall[]> {
    return searchHits(ctx.db, HotlineCall, hotlineCallSearch, r.text, first, {
      readable: hasRole(ctx.caller, Access.caseReaders),
    });
  }

  @FieldResolver(() => OnlineMessageHitConnection, {
    nullable: true,
    description:
      "messages by title, content or reply, a page at a time, with snippets and a count; only those the caller may see",
  })
  onlineMessageHits(
    @Root() r: SearchResults,
    @Ctx() ctx: SubgraphContext,
    @Args() page: HitPageArgs,
  ): Promise<InstanceType<typeof OnlineMessageHitConnection>> {
    return searchHitConnection(ctx.db, OnlineMessage, messageSearch, r.text, {
      ...page,
      scope: messageScope(ctx.caller),
      snippetText: (m) => [m.title, m.content, m.replyText],
      hidden: (nodes) => new Map(nodes.map((m) => [m, [m.authorName, m.authorPhone]])),
    }) as never;
  }

  @FieldResolver(() => HotlineCallHitConnection, {
    nullable: true,
    description:
      "hotline calls by their summary, a page at a time, with snippets and a count; empty for callers who may not read them",
  })
  hotlineCallHits(
    @Root() r: SearchResults,
    @Ctx() ctx: SubgraphContext,
    @Args() page: HitPageArgs,
  ): Promise<InstanceType<typeof HotlineCallHitConnection>> {
    return searchHitConnection(ctx.db, HotlineCall, hotlineCallSearch, r.text, {
      ...page,
      readable: hasRole(ctx.caller, Access.caseReaders),
      snippetText: (c) => [c.summary],
      hidden: (nodes) => new Map(nodes.map((c) => [c, [c.callerPhone]])),
    }) as never;
  }
}
