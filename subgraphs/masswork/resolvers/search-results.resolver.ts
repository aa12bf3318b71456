import { Arg, Args, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { Access, hasRole } from "../../../common/auth";
import { HitPageArgs, searchHitConnection, searchHits } from "../../../common/search";
import { type SubgraphContext } from "../../../common/server";
import { OpinionDigest } from "../entities/opinion-digest";
import { RiskItem } from "../entities/risk-item";
import { SearchResults } from "../entities/search-results";
import { OpinionDigestHitConnection, RiskItemHitConnection } from "../entities/search-hits";
import { opinionDigestSearch, riskItemSearch } from "../services/search-index";

/** masswork's hits in the unified search: best match first, then newest. */
@Resolver(() => SearchResults)
export class SearchResultsResolver {
  @FieldResolver(() => [RiskItem], {
    nullable: true,
    description: "risk items by their description; none for callers who may not read them",
  })
  riskItems(
    @Root() s: SearchResults,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, { nullable: true, description: "10 unless given, at most 50" })
    first?: number | null,
  ): Promise<RiskItem[]> {
    return searchHits(ctx.db, RiskItem, riskItemSearch, s.text, first, {
      readable: hasRole(ctx.caller, Access.caseReaders),
    });
  }

  @FieldResolver(() => [OpinionDigest], {
    nullable: true,
    description: "digests by title or summary; none for callers who may not read them",
  })
  opinionDigests(
    @Root() s: SearchResults,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, { nullable: true, description: "10 unless given, at most 50" })
    first?: number | null,
  ): Promise<OpinionDigest[]> {
    return searchHits(ctx.db, OpinionDigest, opinionDigestSearch, s.text, first, {
      readable: hasRole(ctx.caller, Access.caseReaders),
    });
  }

  @FieldResolver(() => RiskItemHitConnection, {
    nullable: true,
    description:
      "dispute items by their description, a page at a time, with snippets and a count; empty for callers who may not read them",
  })
  riskItemHits(
    @Root() s: SearchResults,
    @Ctx() ctx: SubgraphContext,
    @Args() page: HitPageArgs,
  ): Promise<InstanceType<typeof RiskItemHitConnection>> {
    return searchHitConnection(ctx.db, RiskItem, riskItemSearch, s.text, {
      ...page,
      readable: hasRole(ctx.caller, Access.caseReaders),
      snippetText: (i) => [i.description],
    }) as never;
  }

  @FieldResolver(() => OpinionDigestHitConnection, {
    nullable: true,
    description:
      "digests by title or summary, a page at a time; digests have no town or category, so a filter on either finds none",
  })
  opinionDigestHits(
    @Root() s: SearchResults,
    @Ctx() ctx: SubgraphContext,
    @Args() page: HitPageArgs,
  ): Promise<InstanceType<typeof OpinionDigestHitConnection>> {
    return searchHitConnection(ctx.db, OpinionDigest, opinionDigestSearch, s.text, {
      ...page,
      readable: hasRole(ctx.caller, Access.caseReaders),
      snippetText: (d) => [d.title, d.summary],
    }) as never;
  }
}
