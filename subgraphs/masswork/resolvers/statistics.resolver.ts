import { Arg, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import {
  countSeries,
  CountSeries,
  StatisticsBreakdown,
  type StatisticsFilter,
} from "../../../common/domain";
import { badInput } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import {
  DisputeBreakdownRow,
  DisputeSeries,
  ReceptionSeries,
  Statistics,
} from "../entities/statistics";
import { AdminLevel } from "../entities/enums";
import { massworkLoaders } from "../loaders";
import {
  digestCounts,
  disputeGroups,
  receptionGroups,
  type DisputeGroup,
} from "../services/figures";

/** Whether the records have every attribute the filter names: a dispute item has a town and a category. */
const filtersOnlyBy = (f: StatisticsFilter, allowed: (keyof StatisticsFilter)[]) =>
  Object.keys(f).every((k) => allowed.includes(k as keyof StatisticsFilter));

function disputeSeries(s: Statistics, groups: DisputeGroup[]): DisputeSeries {
  const sum = (kind: string, value: (g: DisputeGroup) => number) => {
    const m = new Map<string, number>();
    for (const g of groups) if (g.kind === kind) m.set(g.bucket, (m.get(g.bucket) ?? 0) + value(g));
    return countSeries(s.span, m);
  };
  return {
    found: sum("found", (g) => g.items),
    resolved: sum("resolved", (g) => g.items),
    escalated: sum("found", (g) => g.escalated),
  };
}

/** masswork's series of `statistics`, the annual report's figures by period (services/figures.ts). */
@Resolver(() => Statistics)
export class StatisticsResolver {
  @FieldResolver(() => DisputeSeries, {
    nullable: true,
    description: "排查矛盾隐患; filtered by town and category; null under a channel or unit filter",
  })
  async disputes(
    @Root() s: Statistics,
    @Ctx() ctx: SubgraphContext,
  ): Promise<DisputeSeries | null> {
    if (!filtersOnlyBy(s.query.filter, ["townId", "category"])) return null;
    return disputeSeries(
      s,
      await disputeGroups(ctx.loaders, { span: s.span, filter: s.query.filter }),
    );
  }

  @FieldResolver(() => [DisputeBreakdownRow], {
    nullable: true,
    description:
      "排查矛盾隐患 of the range by TOWN or CATEGORY (others are refused), the most found first; null under a channel or unit filter",
  })
  async disputesBy(
    @Root() s: Statistics,
    @Arg("breakdown", () => StatisticsBreakdown) breakdown: StatisticsBreakdown,
    @Ctx() ctx: SubgraphContext,
  ): Promise<DisputeBreakdownRow[] | null> {
    if (breakdown !== StatisticsBreakdown.TOWN && breakdown !== StatisticsBreakdown.CATEGORY)
      throw badInput("breakdown", "disputes break down by TOWN or CATEGORY");
    if (!filtersOnlyBy(s.query.filter, ["townId", "category"])) return null;
    const groups = await disputeGroups(ctx.loaders, {
      span: s.span,
      filter: s.query.filter,
      by: breakdown,
    });
    const keys = [...new Set(groups.map((g) => g.dim))];
    const towns = massworkLoaders(ctx.loaders).town;
    const rows = await Promise.all(
      keys.map(async (key) => ({
        key,
        town:
          breakdown === StatisticsBreakdown.TOWN && key !== null
            ? await towns.load(Number(key))
            : null,
        ...disputeSeries(
          s,
          groups.filter((g) => g.dim === key),
        ),
      })),
    );
    return rows.sort(
      (a, b) => b.found.total - a.found.total || String(a.key).localeCompare(String(b.key)),
    );
  }

  @FieldResolver(() => [ReceptionSeries], {
    nullable: true,
    description:
      "领导接访 by the leader's level (county, town, village); a reception has no town or category of its own: null under any filter",
  })
  async receptions(
    @Root() s: Statistics,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ReceptionSeries[] | null> {
    if (Object.keys(s.query.filter).length > 0) return null;
    const groups = await receptionGroups(ctx.loaders, s.span);
    return Object.values(AdminLevel).map((level) => {
      const sum = (value: (g: (typeof groups)[number]) => number) => {
        const m = new Map<string, number>();
        for (const g of groups)
          if (g.level === level) m.set(g.bucket, (m.get(g.bucket) ?? 0) + value(g));
        return countSeries(s.span, m);
      };
      return { level, cases: sum((g) => g.cases), persons: sum((g) => g.persons) };
    });
  }

  @FieldResolver(() => CountSeries, {
    nullable: true,
    description:
      "社情民意 digests published; a digest has no town or category: null under any filter",
  })
  async opinionDigests(
    @Root() s: Statistics,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CountSeries | null> {
    if (Object.keys(s.query.filter).length > 0) return null;
    return countSeries(s.span, await digestCounts(ctx.loaders, s.span));
  }
}
