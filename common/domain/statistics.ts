import { Directive, Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { badInput } from "../errors/user-errors";
import { PETITION_CATEGORIES, PetitionCategory } from "./vocabulary";

/**
 * Period statistics (`statistics(from, to, by, filter)`): the periods of a query, the key every
 * department reads the query from, and the series types they all answer with. A period is a
 * calendar day, ISO week (Monday to Sunday) or month in Beijing time (UTC+8), as `yearRange`
 * counts a year; the annual report is the same figures over one YEAR bucket.
 */
export enum StatisticsGrain {
  MONTH = "MONTH",
  WEEK = "WEEK",
  DAY = "DAY",
}
registerEnumType(StatisticsGrain, {
  name: "StatisticsGrain",
  description:
    "the length of one period: a month, an ISO week (Monday to Sunday) or a day, Beijing time",
});

/** A bucket of the grouped SQL: the grains a client may ask for, and the report's year. */
export type Grain = "YEAR" | `${StatisticsGrain}`;

export enum StatisticsBreakdown {
  TOWN = "TOWN",
  CATEGORY = "CATEGORY",
  CHANNEL = "CHANNEL",
  UNIT = "UNIT",
}
registerEnumType(StatisticsBreakdown, {
  name: "StatisticsBreakdown",
  description: "what a breakdown groups by: town, kind of matter, intake channel, responsible unit",
});

/** The most periods one query may hold, per grain: a year of days, five years of weeks, ten of months. */
export const MAX_PERIODS: Record<StatisticsGrain, number> = { DAY: 366, WEEK: 262, MONTH: 120 };

export interface StatisticsFilter {
  townId?: number;
  category?: PetitionCategory;
  channel?: string;
  unit?: string;
}

export interface StatisticsQuery {
  /** YYYY-MM-DD, Beijing calendar days, both included */
  from: string;
  to: string;
  by: StatisticsGrain;
  filter: StatisticsFilter;
}

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The bucket holding a Beijing day, as the SQL's bucket expression writes it (common/db/period-bucket.ts). */
export function bucketOf(day: string, grain: Grain): string {
  if (grain === "YEAR") return day.slice(0, 4);
  if (grain === "MONTH") return day.slice(0, 7);
  if (grain === "DAY") return day;
  const ms = dayMs(day);
  return dayText(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS);
}

/** The first day of the bucket after the one holding `day`. */
function nextBucketStart(day: string, grain: Grain): string {
  const d = new Date(dayMs(day));
  if (grain === "DAY") return dayText(d.getTime() + DAY_MS);
  if (grain === "WEEK") return dayText(dayMs(bucketOf(day, "WEEK")) + 7 * DAY_MS);
  if (grain === "MONTH") return dayText(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  return dayText(Date.UTC(d.getUTCFullYear() + 1, 0, 1));
}

/** The first day of the bucket before the one holding `day`. */
function previousBucketStart(day: string, grain: Grain): string {
  const d = new Date(dayMs(day));
  if (grain === "DAY") return dayText(d.getTime() - DAY_MS);
  if (grain === "WEEK") return dayText(dayMs(bucketOf(day, "WEEK")) - 7 * DAY_MS);
  if (grain === "MONTH") return dayText(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
  return dayText(Date.UTC(d.getUTCFullYear() - 1, 0, 1));
}

/** The instant a Beijing day begins. */
export const beijingDayStart = (day: string) => new Date(dayMs(day) - OFFSET_MS);

/** ISO week label (2017-W09) of a Monday. */
function isoWeekLabel(monday: string): string {
  const thursday = dayMs(monday) + 3 * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export interface Bucket {
  /** the SQL bucket's value: 2017, 2017-03, a week's Monday, a day */
  key: string;
  label: string;
  /** the period's first and last day, clipped to the query's range */
  first: string;
  last: string;
}

/**
 * What the SQL reads for a query: [start, end) in instants, from the start of the period before
 * the first one (for `previous`), grouped by `grain`; `periods` are the query's own, in order.
 */
export interface Span {
  grain: Grain;
  start: Date;
  /** the first instant of the first period: earlier rows are the previous period's */
  from: Date;
  end: Date;
  previous: Bucket;
  periods: Bucket[];
}

function bucketsOf(from: string, to: string, grain: Grain): Bucket[] {
  const out: Bucket[] = [];
  for (let day = from; day <= to; day = nextBucketStart(day, grain)) {
    const next = nextBucketStart(day, grain);
    const last = dayText(Math.min(dayMs(next) - DAY_MS, dayMs(to)));
    const key = bucketOf(day, grain);
    out.push({ key, label: grain === "WEEK" ? isoWeekLabel(key) : key, first: day, last });
  }
  return out;
}

/** The span of days [from, to] grouped by `grain`, with the whole bucket before it. */
export function spanOf(from: string, to: string, grain: Grain): Span {
  const periods = bucketsOf(from, to, grain);
  const prevFirst = previousBucketStart(from, grain);
  const previousKey = bucketOf(prevFirst, grain);
  const previous: Bucket = {
    key: previousKey,
    label: grain === "WEEK" ? isoWeekLabel(previousKey) : previousKey,
    first: prevFirst,
    last: dayText(dayMs(periods[0]!.first) - DAY_MS),
  };
  return {
    grain,
    start: beijingDayStart(previous.first),
    from: beijingDayStart(from),
    end: new Date(beijingDayStart(to).getTime() + DAY_MS),
    previous,
    periods,
  };
}

/** A year as the annual report reads it: the year's one bucket, and the year before it. */
export function yearSpan(year: number): Span {
  return spanOf(`${year}-01-01`, `${year}-12-31`, "YEAR");
}

/**
 * Checks a client's query: from ≤ to, and no more periods than the grain allows (a year of
 * days, five years of weeks, ten years of months), each refused as BAD_USER_INPUT naming the
 * argument.
 */
export function statisticsQuery(
  from: string,
  to: string,
  by: StatisticsGrain,
  filter: StatisticsFilter = {},
): StatisticsQuery {
  if (from > to) throw badInput("from", `must not be after to (${to})`);
  let count = 0;
  for (let day = from; day <= to; day = nextBucketStart(day, by)) {
    if (++count > MAX_PERIODS[by])
      throw badInput(
        "to",
        `the range holds more than ${MAX_PERIODS[by]} periods of ${by}; ask for a shorter range or a longer period`,
      );
  }
  if (filter.townId !== undefined && !(Number.isInteger(filter.townId) && filter.townId > 0))
    throw badInput("filter.townId", "must be a positive whole number");
  if (filter.channel !== undefined && !/^[A-Z_]{1,20}$/.test(filter.channel))
    throw badInput("filter.channel", "must be a channel");
  if (filter.unit !== undefined && (filter.unit.trim() === "" || filter.unit.length > 100))
    throw badInput("filter.unit", "must be 1 to 100 characters");
  const clean: StatisticsFilter = {};
  for (const k of ["townId", "category", "channel", "unit"] as const)
    if (filter[k] !== undefined && filter[k] !== null)
      (clean as Record<string, unknown>)[k] = filter[k];
  return { from, to, by, filter: clean };
}

/**
 * The entity's key: the query written out canonically (`2017-01-01..2017-12-31/MONTH` and the
 * filter's set parts as JSON), so that every department reads the same query from it.
 */
export function statisticsKey(q: StatisticsQuery): string {
  const f = q.filter;
  const filter = JSON.stringify({
    townId: f.townId,
    category: f.category,
    channel: f.channel,
    unit: f.unit,
  });
  return `${q.from}..${q.to}/${q.by}${filter === "{}" ? "" : filter}`;
}

const KEY = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})\/(MONTH|WEEK|DAY)(\{.*\})?$/;

/** The query a key holds, checked again (a key is what the gateway sends, never trusted). */
export function parseStatisticsKey(key: unknown): StatisticsQuery | null {
  if (typeof key !== "string") return null;
  const m = KEY.exec(key);
  if (!m) return null;
  let filter: StatisticsFilter = {};
  try {
    filter = m[4] ? (JSON.parse(m[4]) as StatisticsFilter) : {};
  } catch {
    return null;
  }
  if (filter.category !== undefined && !PETITION_CATEGORIES.includes(filter.category)) return null;
  return statisticsQuery(m[1]!, m[2]!, m[3] as StatisticsGrain, filter);
}

/** A count per period, aligned with `Statistics.periods`. */
@ObjectType({
  description:
    "a count per period, aligned with Statistics.periods; previous is the period just before the first (for a card's change), total the sum over the range",
})
@Directive("@shareable")
export class CountSeries {
  @Field(() => [Int])
  values: number[];

  @Field(() => Int, {
    description: "the period before the first one (from its start to the day before `from`)",
  })
  previous: number;

  @Field(() => Int, { description: "the sum of values" })
  total: number;
}

/** A rate per period; null where there is nothing to divide by. */
@ObjectType({
  description:
    "a rate (fraction, 0.961 for 96.1%) per period, aligned with Statistics.periods; null where nothing to divide by; overall is over the whole range",
})
@Directive("@shareable")
export class RateSeries {
  @Field(() => [Float], { nullable: "items" })
  values: (number | null)[];

  @Field(() => Float, { nullable: true })
  previous: number | null;

  @Field(() => Float, { nullable: true })
  overall: number | null;
}

/** Counts by bucket key, made into a series over a span's periods. */
export function countSeries(span: Span, byBucket: Map<string, number>): CountSeries {
  const values = span.periods.map((p) => byBucket.get(p.key) ?? 0);
  return {
    values,
    previous: byBucket.get(span.previous.key) ?? 0,
    total: values.reduce((a, b) => a + b, 0),
  };
}

/** part ÷ whole per period, from two count series of the same span. */
export function rateSeries(part: CountSeries, whole: CountSeries): RateSeries {
  const r = (a: number, b: number) => (b === 0 ? null : a / b);
  return {
    values: part.values.map((v, i) => r(v, whole.values[i]!)),
    previous: r(part.previous, whole.previous),
    overall: r(part.total, whole.total),
  };
}
