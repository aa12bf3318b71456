import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { sqlTime } from "../../../common/db";
import { yearRange } from "../../../common/domain";
import { type SubgraphContext } from "../../../common/server";
import { AnnualReport, ReceptionFigures, ScreeningFigures } from "../entities/annual-report";
import { AdminLevel, RiskStatus } from "../entities/enums";

/** One aggregate statement per figure group, bounded by the year in Beijing time. */
@Resolver(() => AnnualReport)
export class AnnualReportResolver {
  @FieldResolver(() => ScreeningFigures, {
    nullable: true,
    description: "排查矛盾隐患: found, resolved and escalated disputes",
  })
  async screening(@Root() r: AnnualReport, @Ctx() ctx: SubgraphContext): Promise<ScreeningFigures> {
    const { start: from, end: to } = yearRange(r.year);
    const [a, b] = [sqlTime(from), sqlTime(to)];
    const [row] = await ctx.db.query(
      `SELECT
         SUM(CASE WHEN reported_at >= ? AND reported_at < ? THEN 1 ELSE 0 END) AS found,
         SUM(CASE WHEN resolved_at >= ? AND resolved_at < ? THEN 1 ELSE 0 END) AS resolved,
         SUM(CASE WHEN status = ? AND reported_at >= ? AND reported_at < ? THEN 1 ELSE 0 END) AS escalated
       FROM risk_item
       WHERE (reported_at >= ? AND reported_at < ?) OR (resolved_at >= ? AND resolved_at < ?)`,
      [a, b, a, b, RiskStatus.ESCALATED, a, b, a, b, a, b],
    );
    return {
      found: Number(row?.found ?? 0),
      resolved: Number(row?.resolved ?? 0),
      escalated: Number(row?.escalated ?? 0),
    };
  }

  @FieldResolver(() => ReceptionFigures, {
    nullable: true,
    description: "县级领导接访: receptions by county-level leaders",
  })
  async countyLeaderReceptions(
    @Root() r: AnnualReport,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ReceptionFigures> {
    const { start: from, end: to } = yearRange(r.year);
    const [row] = await ctx.db.query(
      `SELECT COUNT(*) AS cases, SUM(r.headcount) AS persons
       FROM reception r JOIN leader l ON l.id = r.leader_id
       WHERE l.level = ? AND r.received_at >= ? AND r.received_at < ?`,
      [AdminLevel.COUNTY, sqlTime(from), sqlTime(to)],
    );
    return { cases: Number(row?.cases ?? 0), persons: Number(row?.persons ?? 0) };
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: "社情民意: digests published in the year",
  })
  async opinionDigests(@Root() r: AnnualReport, @Ctx() ctx: SubgraphContext): Promise<number> {
    const { start: from, end: to } = yearRange(r.year);
    const [row] = await ctx.db.query(
      "SELECT COUNT(*) AS n FROM opinion_digest WHERE published_at >= ? AND published_at < ?",
      [sqlTime(from), sqlTime(to)],
    );
    return Number(row?.n ?? 0);
  }
}
