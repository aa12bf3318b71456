import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { Access } from "../../../common/auth";
import { StatisticsBreakdown, StatisticsGrain } from "../../../common/domain";
import { type SubgraphContext } from "../../../common/server";
import { DateScalar } from "../../../common/time";
import {
  CountSeries,
  EscalationSeries,
  ForwardingSeries,
  PetitionBreakdownRow,
  PetitionSeries,
  RateSeries,
  Statistics,
  StatisticsFilterInput,
  StatisticsPeriod,
  VisitSeries,
} from "../entities/statistics";
import {
  bureauRates,
  escalationSeries,
  forwardingSeries,
  petitionBreakdown,
  petitionSeries,
  statisticsOf,
  visitSeries,
} from "../services/statistics";

const date = (day: string) => new Date(`${day}T00:00:00Z`);

/** The bureau's series of `statistics`; it also owns the root field, as it owns `annualReport`. */
@Resolver(() => Statistics)
export class StatisticsResolver {
  @Authorized(Access.caseReaders)
  @Query(() => Statistics, {
    description:
      "统计: the figures of the days from `from` to `to` (both included, Beijing calendar) by period: at most 366 days, 262 weeks or 120 months. Each series has a value per period, the period before the first (`previous`) and the total; the annual report is the same figures over one year.",
  })
  statistics(
    @Arg("from", () => DateScalar) from: Date,
    @Arg("to", () => DateScalar) to: Date,
    @Arg("by", () => StatisticsGrain, { defaultValue: StatisticsGrain.MONTH }) by: StatisticsGrain,
    @Arg("filter", () => StatisticsFilterInput, { nullable: true }) filter?: StatisticsFilterInput,
  ): Statistics {
    return statisticsOf(from, to, by, filter);
  }

  @FieldResolver(() => DateScalar)
  from(@Root() s: Statistics): Date {
    return date(s.query.from);
  }

  @FieldResolver(() => DateScalar)
  to(@Root() s: Statistics): Date {
    return date(s.query.to);
  }

  @FieldResolver(() => StatisticsGrain)
  by(@Root() s: Statistics): StatisticsGrain {
    return s.query.by;
  }

  @FieldResolver(() => [StatisticsPeriod], {
    description: "the periods every series is aligned with",
  })
  periods(@Root() s: Statistics): StatisticsPeriod[] {
    return s.span.periods.map((p) => ({
      label: p.label,
      first: date(p.first),
      last: date(p.last),
    }));
  }

  @FieldResolver(() => StatisticsPeriod, { description: "the whole period before the first one" })
  previousPeriod(@Root() s: Statistics): StatisticsPeriod {
    const p = s.span.previous;
    return { label: p.label, first: date(p.first), last: date(p.last) };
  }

  @FieldResolver(() => PetitionSeries, { description: "信访事项: every filter applies" })
  petitions(@Root() s: Statistics, @Ctx() ctx: SubgraphContext): Promise<PetitionSeries> {
    return petitionSeries(ctx.loaders, s, ctx.clock);
  }

  @FieldResolver(() => VisitSeries, {
    description: "来访 received by the county; filtered by the petition's attributes",
  })
  visits(@Root() s: Statistics, @Ctx() ctx: SubgraphContext): Promise<VisitSeries> {
    return visitSeries(ctx.loaders, s);
  }

  @FieldResolver(() => EscalationSeries, { description: "越级访 by level" })
  escalatedVisits(@Root() s: Statistics, @Ctx() ctx: SubgraphContext): Promise<EscalationSeries> {
    return escalationSeries(ctx.loaders, s);
  }

  @FieldResolver(() => ForwardingSeries, {
    description: "转送/交办; the unit filter is the forwarding's unit, the others the petition's",
  })
  forwardings(@Root() s: Statistics, @Ctx() ctx: SubgraphContext): Promise<ForwardingSeries> {
    return forwardingSeries(ctx.loaders, s);
  }

  @FieldResolver(() => RateSeries, {
    description:
      "及时受理率: accepted or declined within 15 days ÷ received, by the period received",
  })
  async timelyAcceptance(@Root() s: Statistics, @Ctx() ctx: SubgraphContext): Promise<RateSeries> {
    return (await bureauRates(ctx.loaders, s, ctx.clock)).timelyAcceptance;
  }

  @FieldResolver(() => RateSeries, {
    description:
      "按期办结率: replied by the due date ÷ (replied + open and past due at the period's end); overall: over the range",
  })
  async onTimeCompletion(@Root() s: Statistics, @Ctx() ctx: SubgraphContext): Promise<RateSeries> {
    return (await bureauRates(ctx.loaders, s, ctx.clock)).onTimeCompletion;
  }

  @FieldResolver(() => CountSeries, {
    description:
      "petitions replied in the period (= petitions.replied); the participation rate's divisor",
  })
  async repliedItems(@Root() s: Statistics, @Ctx() ctx: SubgraphContext): Promise<CountSeries> {
    return (await bureauRates(ctx.loaders, s, ctx.clock)).repliedItems;
  }

  @FieldResolver(() => [PetitionBreakdownRow], {
    description:
      "the petitions and visits of the range broken down by town, category, channel or responsible unit, the most received first",
  })
  petitionsBy(
    @Root() s: Statistics,
    @Arg("breakdown", () => StatisticsBreakdown) breakdown: StatisticsBreakdown,
    @Ctx() ctx: SubgraphContext,
  ): Promise<PetitionBreakdownRow[]> {
    return petitionBreakdown(ctx.loaders, s, breakdown);
  }
}
