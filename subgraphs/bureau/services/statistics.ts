import type { Loaders } from "../../../common/db";
import {
  countSeries,
  rateSeries,
  spanOf,
  statisticsKey,
  statisticsQuery,
  type CountSeries,
  type RateSeries,
  type Span,
  type StatisticsBreakdown,
  type StatisticsGrain,
  type StatisticsQuery,
} from "../../../common/domain";
import { parseId } from "../../../common/errors";
import type { Clock } from "../../../common/time";
import { townRef } from "../external/masswork";
import { type Channel } from "../entities/enums";
import type {
  EscalationSeries,
  ForwardingSeries,
  PetitionBreakdownRow,
  PetitionSeries,
  Statistics,
  StatisticsFilterInput,
  StockSeries,
  VisitSeries,
} from "../entities/statistics";
import {
  backlogGroups,
  forwardingGroups,
  intakeGroups,
  outcomeGroups,
  sumBy,
  visitGroups,
  type Grouped,
  type Grouping,
} from "./period-figures";
import { ESCALATION_FIGURES, VISIT_FIGURES, rateParts } from "./report-figures";

/**
 * The bureau's series of `statistics`: the same figure functions as the annual report
 * (period-figures.ts, report-figures.ts' definitions), over the query's span by its period.
 */
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** The root field: the query checked (BAD_USER_INPUT naming the argument) and keyed. */
export function statisticsOf(
  from: Date,
  to: Date,
  by: StatisticsGrain,
  filter: StatisticsFilterInput | undefined,
): Statistics {
  const query = statisticsQuery(dayOf(from), dayOf(to), by, {
    townId:
      filter?.townId !== undefined && filter.townId !== null
        ? parseId("filter.townId", filter.townId)
        : undefined,
    category: filter?.category ?? undefined,
    channel: filter?.channel ?? undefined,
    unit: filter?.unit ?? undefined,
  });
  return withSpan(statisticsKey(query), query);
}

export function withSpan(key: string, query: StatisticsQuery): Statistics {
  return { key, query, span: spanOf(query.from, query.to, query.by) };
}

const grouping = (s: Statistics, by?: StatisticsBreakdown): Grouping => ({
  span: s.span,
  filter: s.query.filter,
  by,
});

const series = (span: Span, m: Map<string, number>) => countSeries(span, m);

export async function petitionSeries(
  loaders: Loaders,
  s: Statistics,
  clock: Clock,
): Promise<PetitionSeries> {
  const g = grouping(s);
  const [intake, outcomes, backlog, parts] = await Promise.all([
    intakeGroups(loaders, g),
    outcomeGroups(loaders, g),
    backlogGroups(loaders, g),
    rateParts(loaders, g, clock),
  ]);
  const channels = [...new Set(intake.map((x) => x.channel))].sort();
  return {
    received: series(s.span, parts.registered),
    receivedByChannel: channels.map((channel) => ({
      channel: channel as Channel,
      received: series(
        s.span,
        sumBy(
          intake,
          (x) => x.petitions,
          (x) => !x.merged && x.channel === channel,
        ),
      ),
    })),
    accepted: series(
      s.span,
      sumBy(
        outcomes,
        (x) => x.petitions,
        (x) => x.kind === "accepted",
      ),
    ),
    replied: series(s.span, parts.replied),
    repliedOnTime: series(s.span, parts.onTime),
    overdue: stockSeries(s.span, parts.overdue),
    onlineTransfers: series(
      s.span,
      sumBy(
        intake,
        (x) => x.petitions,
        (x) => x.transfer,
      ),
    ),
    backlogAssigned: series(
      s.span,
      sumBy(backlog, (x) => x.assigned),
    ),
  };
}

function stockSeries(span: Span, m: Map<string, number>): StockSeries {
  return {
    values: span.periods.map((p) => m.get(p.key) ?? 0),
    previous: m.get(span.previous.key) ?? 0,
  };
}

export async function visitSeries(loaders: Loaders, s: Statistics): Promise<VisitSeries> {
  const groups = await visitGroups(loaders, grouping(s));
  const cases = (w: (typeof VISIT_FIGURES)["all"]) =>
    series(
      s.span,
      sumBy(groups, (x) => x.visits, w),
    );
  const persons = (w: (typeof VISIT_FIGURES)["all"]) =>
    series(
      s.span,
      sumBy(groups, (x) => x.persons, w),
    );
  const v = VISIT_FIGURES;
  return {
    cases: cases(v.all),
    persons: persons(v.all),
    firstTimeCases: cases(v.firstTime),
    firstTimePersons: persons(v.firstTime),
    collectiveBatches: cases(v.collective),
    collectivePersons: persons(v.collective),
    collectiveFirstTimeBatches: cases(v.collectiveFirstTime),
    collectiveFirstTimePersons: persons(v.collectiveFirstTime),
  };
}

export async function escalationSeries(loaders: Loaders, s: Statistics): Promise<EscalationSeries> {
  const groups = await visitGroups(loaders, grouping(s));
  const e = ESCALATION_FIGURES;
  const count = (w: (typeof e)["total"]) =>
    series(
      s.span,
      sumBy(groups, (x) => x.visits, w),
    );
  return {
    total: count(e.total),
    municipal: count(e.municipal),
    provincial: count(e.provincial),
    national: count(e.national),
  };
}

export async function forwardingSeries(loaders: Loaders, s: Statistics): Promise<ForwardingSeries> {
  const groups = await forwardingGroups(loaders, grouping(s));
  return {
    forwarded: series(
      s.span,
      sumBy(
        groups,
        (x) => x.made,
        (x) => x.kind === "FORWARD",
      ),
    ),
    assigned: series(
      s.span,
      sumBy(
        groups,
        (x) => x.made,
        (x) => x.kind === "ASSIGN",
      ),
    ),
    answered: series(
      s.span,
      sumBy(groups, (x) => x.answered),
    ),
    answeredOnTime: series(
      s.span,
      sumBy(groups, (x) => x.answeredOnTime),
    ),
  };
}

/** 及时受理率, 按期办结率 per period, and the replied items the service center's participation needs. */
export async function bureauRates(
  loaders: Loaders,
  s: Statistics,
  clock: Clock,
): Promise<{
  timelyAcceptance: RateSeries;
  onTimeCompletion: RateSeries;
  repliedItems: CountSeries;
}> {
  const p = await rateParts(loaders, grouping(s), clock);
  const replied = series(s.span, p.replied);
  const onTime = series(s.span, p.onTime);
  const overdue = stockSeries(s.span, p.overdue);
  const last = overdue.values[overdue.values.length - 1] ?? 0;
  const denominator: CountSeries = {
    values: replied.values.map((v, i) => v + overdue.values[i]!),
    previous: replied.previous + overdue.previous,
    // over the whole range: replied in it, and open past due at its end
    total: replied.total + last,
  };
  return {
    timelyAcceptance: rateSeries(series(s.span, p.timely), series(s.span, p.registered)),
    onTimeCompletion: rateSeries(onTime, denominator),
    repliedItems: replied,
  };
}

/** Groups of one breakdown value, by bucket, for each value seen. */
function byDim<G extends Grouped>(groups: G[]): Map<string | null, G[]> {
  const out = new Map<string | null, G[]>();
  for (const g of groups) out.set(g.dim, [...(out.get(g.dim) ?? []), g]);
  return out;
}

/** A breakdown of the petitions and the visits over the range: one statement per figure group. */
export async function petitionBreakdown(
  loaders: Loaders,
  s: Statistics,
  breakdown: StatisticsBreakdown,
): Promise<PetitionBreakdownRow[]> {
  const g = grouping(s, breakdown);
  const [intake, outcomes, visits] = await Promise.all([
    intakeGroups(loaders, g),
    outcomeGroups(loaders, g),
    visitGroups(loaders, g),
  ]);
  const [i, o, v] = [byDim(intake), byDim(outcomes), byDim(visits)];
  const keys = [...new Set([...i.keys(), ...o.keys(), ...v.keys()])];
  const rows = keys.map((key) => ({
    key,
    town: breakdown === "TOWN" && key !== null ? townRef(Number(key)) : null,
    received: series(
      s.span,
      sumBy(
        i.get(key) ?? [],
        (x) => x.petitions,
        (x) => !x.merged,
      ),
    ),
    accepted: series(
      s.span,
      sumBy(
        o.get(key) ?? [],
        (x) => x.petitions,
        (x) => x.kind === "accepted",
      ),
    ),
    replied: series(
      s.span,
      sumBy(
        o.get(key) ?? [],
        (x) => x.petitions,
        (x) => x.kind === "replied",
      ),
    ),
    visits: series(
      s.span,
      sumBy(v.get(key) ?? [], (x) => x.visits, VISIT_FIGURES.all),
    ),
    visitors: series(
      s.span,
      sumBy(v.get(key) ?? [], (x) => x.persons, VISIT_FIGURES.all),
    ),
  }));
  // the most received over the range first: what a dashboard lists
  return rows.sort(
    (a, b) => b.received.total - a.received.total || String(a.key).localeCompare(String(b.key)),
  );
}
