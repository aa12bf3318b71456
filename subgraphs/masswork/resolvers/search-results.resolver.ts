import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { pageSize, type SubgraphContext } from "../../../common";
import { OpinionDigest } from "../entities/opinion-digest";
import { RiskItem } from "../entities/risk-item";
import { SearchResults } from "../entities/search-results";

/** `%`, `_` and the escape character itself match only themselves. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// The escape character goes in as a parameter: a literal backslash is quoted differently by SQLite and MySQL.
const LIKE = (column: string) => `${column} LIKE :pattern ESCAPE :escape`;

function matching<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, text: string, columns: string[]): SelectQueryBuilder<T> {
  const condition = columns.map(LIKE).join(" OR ");
  return qb.where(`(${condition})`, { pattern: containsPattern(text), escape: "\\" });
}

const searchSize = (first: number | null | undefined) => pageSize(first, 10, 50);

/** masswork's hits in the unified search, newest first. */
@Resolver(() => SearchResults)
export class SearchResultsResolver {
  @FieldResolver(() => [RiskItem], { description: "risk items whose description contains the text" })
  async riskItems(
    @Root() s: SearchResults,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, { nullable: true, description: "10 unless given, at most 50" }) first?: number | null,
  ): Promise<RiskItem[]> {
    const size = searchSize(first);
    const text = s.text.trim();
    if (!text || size === 0) return [];
    const qb = ctx.db.getRepository(RiskItem).createQueryBuilder("r");
    return matching(qb, text, ["r.description"]).orderBy("r.reportedAt", "DESC").addOrderBy("r.id", "DESC").limit(size).getMany();
  }

  @FieldResolver(() => [OpinionDigest], { description: "digests whose title or summary contains the text" })
  async opinionDigests(
    @Root() s: SearchResults,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, { nullable: true, description: "10 unless given, at most 50" }) first?: number | null,
  ): Promise<OpinionDigest[]> {
    const size = searchSize(first);
    const text = s.text.trim();
    if (!text || size === 0) return [];
    const qb = ctx.db.getRepository(OpinionDigest).createQueryBuilder("d");
    return matching(qb, text, ["d.title", "d.summary"]).orderBy("d.publishedAt", "DESC").addOrderBy("d.id", "DESC").limit(size).getMany();
  }
}
