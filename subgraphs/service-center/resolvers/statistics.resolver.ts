import { Arg, Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import {
  countSeries,
  rateSeries,
  CountSeries,
  RateSeries,
  StatisticsBreakdown,
  type StatisticsFilter,
} from "../../../common/domain";
import { badInput } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import {
  CenterBreakdownRow,
  HotlineSeries,
  Statistics,
  WebsiteSeries,
} from "../entities/statistics";
import {
  callGroups,
  evaluationGroups,
  messageGroups,
  type CenterGrouping,
  type CountGroup,
} from "../services/figures";

const filtersOnlyBy = (f: StatisticsFilter, allowed: (keyof StatisticsFilter)[]) =>
  Object.keys(f).every((k) => allowed.includes(k as keyof StatisticsFilter));

function pair(s: Statistics, groups: CountGroup[]): { total: CountSeries; meeting: CountSeries } {
  const total = new Map<string, number>();
  const meeting = new Map<string, number>();
  for (const g of groups) {
    total.set(g.bucket, (total.get(g.bucket) ?? 0) + g.total);
    meeting.set(g.bucket, (meeting.get(g.bucket) ?? 0) + g.meeting);
  }
  return { total: countSeries(s.span, total), meeting: countSeries(s.span, meeting) };
}

const grouping = (s: Statistics, by?: "TOWN" | "CATEGORY"): CenterGrouping => ({
  span: s.span,
  filter: s.query.filter,
  by,
});

/** The service center's series of `statistics`, the annual report's figures by period (services/figures.ts). */
@Resolver(() => Statistics)
export class StatisticsResolver {
  @FieldResolver(() => WebsiteSeries, {
    nullable: true,
    description:
      "网络留言; filtered by category; a message has no town: null under any other filter",
  })
  async website(@Root() s: Statistics, @Ctx() ctx: SubgraphContext): Promise<WebsiteSeries | null> {
    if (!filtersOnlyBy(s.query.filter, ["category"])) return null;
    const { total, meeting } = pair(s, await messageGroups(ctx.loaders, grouping(s)));
    return { messages: total, replied: meeting, replyRate: rateSeries(meeting, total) };
  }

  @FieldResolver(() => HotlineSeries, {
    nullable: true,
    description: "热线 calls; filtered by town and category; null under a channel or unit filter",
  })
  async hotline(@Root() s: Statistics, @Ctx() ctx: SubgraphContext): Promise<HotlineSeries | null> {
    if (!filtersOnlyBy(s.query.filter, ["townId", "category"])) return null;
    const { total, meeting } = pair(s, await callGroups(ctx.loaders, grouping(s)));
    return { calls: total, answered: meeting };
  }

  @FieldResolver(() => RateSeries, {
    nullable: true,
    description:
      "群众满意率: satisfied or basically satisfied ÷ evaluations made in the period; an evaluation has no town or category: null under any filter",
  })
  async satisfaction(
    @Root() s: Statistics,
    @Ctx() ctx: SubgraphContext,
  ): Promise<RateSeries | null> {
    if (Object.keys(s.query.filter).length > 0) return null;
    const { total, meeting } = pair(s, await evaluationGroups(ctx.loaders, grouping(s)));
    return rateSeries(meeting, total);
  }

  @FieldResolver(() => RateSeries, {
    nullable: true,
    description:
      "参评率: evaluations made in the period ÷ petitions replied in it (the bureau's repliedItems); null under any filter",
  })
  @Directive('@requires(fields: "repliedItems { values previous total }")')
  async participation(
    @Root() s: Statistics,
    @Ctx() ctx: SubgraphContext,
  ): Promise<RateSeries | null> {
    if (Object.keys(s.query.filter).length > 0 || !s.repliedItems) return null;
    const { total } = pair(s, await evaluationGroups(ctx.loaders, grouping(s)));
    return rateSeries(total, s.repliedItems);
  }

  @FieldResolver(() => [CenterBreakdownRow], {
    nullable: true,
    description:
      "热线 calls of the range by TOWN or CATEGORY (others are refused), the most received first; null under a channel or unit filter",
  })
  async hotlineCallsBy(
    @Root() s: Statistics,
    @Arg("breakdown", () => StatisticsBreakdown) breakdown: StatisticsBreakdown,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CenterBreakdownRow[] | null> {
    if (breakdown !== StatisticsBreakdown.TOWN && breakdown !== StatisticsBreakdown.CATEGORY)
      throw badInput("breakdown", "hotline calls break down by TOWN or CATEGORY");
    if (!filtersOnlyBy(s.query.filter, ["townId", "category"])) return null;
    return rows(s, breakdown, await callGroups(ctx.loaders, grouping(s, breakdown)));
  }

  @FieldResolver(() => [CenterBreakdownRow], {
    nullable: true,
    description:
      "网络留言 of the range by CATEGORY (others are refused: a message has no town); null under a filter other than category",
  })
  async messagesBy(
    @Root() s: Statistics,
    @Arg("breakdown", () => StatisticsBreakdown) breakdown: StatisticsBreakdown,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CenterBreakdownRow[] | null> {
    if (breakdown !== StatisticsBreakdown.CATEGORY)
      throw badInput("breakdown", "messages break down by CATEGORY");
    if (!filtersOnlyBy(s.query.filter, ["category"])) return null;
    return rows(s, breakdown, await messageGroups(ctx.loaders, grouping(s, breakdown)));
  }
}

function rows(
  s: Statistics,
  breakdown: StatisticsBreakdown,
  groups: CountGroup[],
): CenterBreakdownRow[] {
  const keys = [...new Set(groups.map((g) => g.dim))];
  return keys
    .map((key) => {
      const { total, meeting } = pair(
        s,
        groups.filter((g) => g.dim === key),
      );
      return {
        key,
        town: breakdown === StatisticsBreakdown.TOWN && key !== null ? { id: key } : null,
        received: total,
        answered: meeting,
      };
    })
    .sort(
      (a, b) => b.received.total - a.received.total || String(a.key).localeCompare(String(b.key)),
    );
}
