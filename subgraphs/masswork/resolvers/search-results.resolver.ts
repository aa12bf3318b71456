import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { Access, hasRole } from "../../../common/auth";
import { searchHits } from "../../../common/search";
import { type SubgraphContext } from "../../../common/server";
import { OpinionDigest } from "../entities/opinion-digest";
import { RiskItem } from "../entities/risk-item";
import { SearchResults } from "../entities/search-results";
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
}
