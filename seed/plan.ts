import {
  DaySampler,
  daysOfYear,
  isWorkingDay,
  officeHours,
  seasonWeight,
  workingDays,
} from "./calendar";
import { planTimeline, type Timeline } from "./procedure";
import { between, namedSeed, seededRandom, weighted, type Random } from "./random";
import { SEED_YEARS, scaledTargets, YEAR_TARGETS, type YearTargets } from "./targets";
import { PetitionCategory } from "../common/domain/vocabulary";
import { yearRange } from "../common/domain/report";
import { attachVisits, planVisitSlots, type PlannedVisit, type VisitSlot } from "./visits";
import { planBacklog, type PlannedBacklog } from "./backlog";

/**
 * The shared plan of the synthetic dataset: the facts that more than one department records
 * (which petitions exist, when they came and how, how far they got, which website message a
 * petition came from, which replies were evaluated). Each department derives its own rows
 * from it, so ids line up across databases without any department reading another's.
 * Same scale, same plan: everything is drawn from named seeds.
 */
export type PlannedChannel = "LETTER" | "VISIT" | "ONLINE" | "PHONE" | "EMAIL" | "FAX";
export type PlannedSource =
  "COUNTY_INTAKE" | "NATIONAL_TRANSFER" | "PROVINCIAL_TRANSFER" | "MUNICIPAL_TRANSFER";

export interface PlannedPetition extends Timeline {
  id: number;
  /** the sequence within its year: serial number XF<year>-<serial> */
  serial: number;
  year: number;
  receivedAt: Date;
  channel: PlannedChannel;
  source: PlannedSource;
  category: PetitionCategory;
  /** a town of masswork's, 1…SEED_TOWN_COUNT */
  townId: number;
  headcount: number;
  firstTime: boolean;
  repeatOfId: number | null;
  /** the service center's website message it came from */
  messageId: number | null;
}

export interface YearPlan {
  year: number;
  targets: YearTargets;
  /** received in the year, in id order (which is time order) */
  petitions: PlannedPetition[];
  /** county and escalated visits received in the year, in time order */
  visits: PlannedVisit[];
  /** backlog items assigned in the year */
  backlog: PlannedBacklog[];
  /** website messages posted in the year: ids firstId, firstId + 1, … in time order */
  messages: { firstId: number; postedAt: Float64Array };
}

export interface SeedPlan {
  scale: number;
  /** the moment the dataset stops (the end of its last year, Beijing time): nothing later has happened */
  snapshot: Date;
  years: YearPlan[];
}

/** Towns 1…5 of masswork (the county's five towns), by their share of the county's people. */
export const SEED_TOWN_WEIGHTS: [number, number][] = [
  [1, 30],
  [2, 25],
  [3, 17],
  [4, 14],
  [5, 14],
];
/** County leaders are masswork's leaders 1…8; each backlog item has one of them. */
export const SEED_COUNTY_LEADERS = 8;

const C = PetitionCategory;
/** What people come about, by how they come. */
const CATEGORY_WEIGHTS: Record<
  "visit" | "collective" | "letter" | "online",
  [PetitionCategory, number][]
> = {
  visit: [
    [C.LAND_ACQUISITION, 16],
    [C.DEMOLITION, 15],
    [C.WAGE_ARREARS, 12],
    [C.LABOR_AND_SOCIAL_SECURITY, 12],
    [C.LAW_AND_LITIGATION, 11],
    [C.CADRE_DISCIPLINE, 6],
    [C.VETERANS, 6],
    [C.HOUSING_PROJECT, 9],
    [C.FORMER_COMMUNITY_TEACHERS, 4],
    [C.ILLEGAL_FUNDRAISING, 5],
    [C.OTHER, 4],
  ],
  collective: [
    [C.LAND_ACQUISITION, 15],
    [C.DEMOLITION, 16],
    [C.WAGE_ARREARS, 20],
    [C.LABOR_AND_SOCIAL_SECURITY, 5],
    [C.LAW_AND_LITIGATION, 2],
    [C.CADRE_DISCIPLINE, 4],
    [C.VETERANS, 9],
    [C.HOUSING_PROJECT, 14],
    [C.FORMER_COMMUNITY_TEACHERS, 7],
    [C.ILLEGAL_FUNDRAISING, 8],
  ],
  letter: [
    [C.LAND_ACQUISITION, 12],
    [C.DEMOLITION, 9],
    [C.WAGE_ARREARS, 7],
    [C.LABOR_AND_SOCIAL_SECURITY, 13],
    [C.LAW_AND_LITIGATION, 17],
    [C.CADRE_DISCIPLINE, 15],
    [C.VETERANS, 5],
    [C.HOUSING_PROJECT, 6],
    [C.FORMER_COMMUNITY_TEACHERS, 4],
    [C.ILLEGAL_FUNDRAISING, 3],
    [C.OTHER, 9],
  ],
  online: [
    [C.LAND_ACQUISITION, 10],
    [C.DEMOLITION, 10],
    [C.WAGE_ARREARS, 12],
    [C.LABOR_AND_SOCIAL_SECURITY, 14],
    [C.LAW_AND_LITIGATION, 8],
    [C.CADRE_DISCIPLINE, 9],
    [C.VETERANS, 3],
    [C.HOUSING_PROJECT, 9],
    [C.FORMER_COMMUNITY_TEACHERS, 2],
    [C.ILLEGAL_FUNDRAISING, 4],
    [C.OTHER, 19],
  ],
};

/** A matter's kind, weighted by how it came; wage claims double in the months around the new year. */
export function plannedCategory(
  random: Random,
  how: keyof typeof CATEGORY_WEIGHTS,
  at: Date,
): PetitionCategory {
  const month = new Date(at.getTime() + 8 * 3_600_000).getUTCMonth();
  const winter = month >= 10 || month === 0;
  return weighted(
    random,
    winter
      ? CATEGORY_WEIGHTS[how].map(([c, w]) => [c, c === C.WAGE_ARREARS ? 2 * w : w] as const)
      : CATEGORY_WEIGHTS[how],
  );
}

/** What a petition is before it has an id. */
export interface Intake {
  receivedAt: Date;
  channel: PlannedChannel;
  source: PlannedSource;
  headcount: number;
  /** null: drawn with the other facts */
  firstTime: boolean | null;
  messageId: number | null;
}

/** What later years need of earlier ones: petitions by id (index id - 1). */
export interface PlanHistory {
  receivedAt: number[];
  category: PetitionCategory[];
  townId: number[];
  firstTime: boolean[];
  channel: PlannedChannel[];
  headcount: number[];
  /** when the matter was closed for good (re-review decided), Infinity when it was not */
  finalAt: number[];
  /** petitions put on a backlog batch (once each) */
  onBacklog: Set<number>;
  /** petitions that have had a visit: a later visit on them is not their first */
  visited: Set<number>;
  nextMessageId: number;
}

const TRANSFER_SOURCES: [PlannedSource, number][] = [
  ["NATIONAL_TRANSFER", 22],
  ["PROVINCIAL_TRANSFER", 33],
  ["MUNICIPAL_TRANSFER", 45],
];

/** When people post on the website: any day, mostly in the day and the evening (Beijing time). */
function messageTimes(random: Random, year: number, count: number): Float64Array {
  const days = new DaySampler(
    daysOfYear(year),
    (d) => seasonWeight(d) * (isWorkingDay(d) ? 1 : 0.7),
  );
  const hours: [number, number][] = Array.from({ length: 24 }, (_, h) => [
    h,
    h < 7 ? 0.3 : h < 9 ? 3 : h < 18 ? 6 : h < 23 ? 5 : 1.5,
  ]);
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const day = days.sample(random);
    times[i] =
      Date.parse(`${day}T00:00:00Z`) -
      8 * 3_600_000 +
      weighted(random, hours) * 3_600_000 +
      Math.floor(random() * 3_600_000);
  }
  return times.sort();
}

function intakes(
  random: Random,
  t: YearTargets,
  slots: VisitSlot[],
  messages: Float64Array,
  firstMessageId: number,
): Intake[] {
  const season = new DaySampler(workingDays(t.year), seasonWeight);
  const at = () => officeHours(season.sample(random), random);
  const list: Intake[] = [];
  const add = (
    n: number,
    channel: () => PlannedChannel,
    source: () => PlannedSource,
    headcount: () => number,
  ) => {
    for (let i = 0; i < n; i++)
      list.push({
        receivedAt: at(),
        channel: channel(),
        source: source(),
        headcount: headcount(),
        firstTime: null,
        messageId: null,
      });
  };
  for (const s of slots)
    if (s.opensPetition)
      list.push({
        receivedAt: s.at,
        channel: "VISIT",
        source: "COUNTY_INTAKE",
        headcount: s.headcount,
        firstTime: s.firstTime,
        messageId: null,
      });
  add(
    t.onlineTransfers,
    () => "ONLINE",
    () => weighted(random, TRANSFER_SOURCES),
    () => 1,
  );
  add(
    t.letters,
    () => "LETTER",
    () => "COUNTY_INTAKE",
    () => (random() < 0.9 ? 1 : between(random, 2, 8)),
  );
  add(
    t.phone,
    () => "PHONE",
    () => "COUNTY_INTAKE",
    () => 1,
  );
  add(
    t.emailOrFax,
    () => (random() < 0.3 ? "FAX" : "EMAIL"),
    () => "COUNTY_INTAKE",
    () => 1,
  );
  // a website message the service center passed to the bureau: registered on the next working day
  const end = yearRange(t.year).end.getTime() - 6 * 86_400_000;
  const eligible = messages.findIndex((m) => m > end);
  const last = eligible < 0 ? messages.length : eligible;
  const chosen = new Set<number>();
  while (chosen.size < Math.min(t.fromMessages, last)) chosen.add(Math.floor(random() * last));
  for (const index of [...chosen].sort((a, b) => a - b)) {
    let day = new Date(messages[index] + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    while (!isWorkingDay(day))
      day = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
    list.push({
      receivedAt: officeHours(day, random),
      channel: "ONLINE",
      source: "COUNTY_INTAKE",
      headcount: 1,
      firstTime: null,
      messageId: firstMessageId + index,
    });
  }
  return list.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
}

/** An earlier petition on the same kind of matter, among the recent ones: the matter this one repeats. */
function earlierMatter(
  random: Random,
  byCategory: Map<PetitionCategory, number[]>,
  category: PetitionCategory,
): number | null {
  const ids = byCategory.get(category) ?? [];
  if (!ids.length) return null;
  return ids[Math.max(0, ids.length - 1 - Math.floor(random() * Math.min(ids.length, 400)))];
}

/**
 * The records' very first petition cannot repeat anything: while the first intake is a repeat
 * visit, it trades its time with the first first-time visit, so counts and persons stay.
 */
export function firstTimeFirst(list: Intake[]): void {
  if (!list.length || list[0].firstTime !== false) return;
  const j = list.findIndex((x) => x.firstTime === true);
  if (j < 0) return;
  // The two swap their times and their places; the sort (stable) puts the other back in order.
  // Swapping the times alone looped for ever when both were received at the same instant
  // (the sort then kept their order), which happens at scale 100.
  [list[0].receivedAt, list[j].receivedAt] = [list[j].receivedAt, list[0].receivedAt];
  [list[0], list[j]] = [list[j], list[0]];
  list.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
}

function planYear(
  year: number,
  scale: number,
  snapshot: Date,
  h: PlanHistory,
  byCategory: Map<PetitionCategory, number[]>,
): YearPlan {
  const random = seededRandom(namedSeed(`plan ${year}`));
  const targets = scaledTargets(YEAR_TARGETS[year], scale);
  const messages = {
    firstId: h.nextMessageId,
    postedAt: messageTimes(random, year, targets.website.messages),
  };
  h.nextMessageId += targets.website.messages;
  const slots = planVisitSlots(random, targets);
  const petitions: PlannedPetition[] = [];
  const list = intakes(random, targets, slots, messages.postedAt, messages.firstId);
  if (h.receivedAt.length === 0) firstTimeFirst(list);
  list.forEach((intake, i) => {
    const id = h.receivedAt.length + 1;
    const how =
      intake.channel === "VISIT"
        ? intake.headcount >= 5
          ? "collective"
          : "visit"
        : intake.channel === "LETTER"
          ? "letter"
          : "online";
    let category = plannedCategory(random, how, intake.receivedAt);
    let townId = weighted(random, SEED_TOWN_WEIGHTS);
    const firstTime = intake.firstTime ?? random() < 0.85;
    // a repeat needs an earlier petition: of its kind among the recent ones, or else the latest
    const repeatOfId = firstTime
      ? null
      : (earlierMatter(random, byCategory, category) ?? (id > 1 ? id - 1 : null));
    if (!firstTime && repeatOfId === null) throw new Error("a repeat with no earlier petition");
    if (repeatOfId !== null) townId = h.townId[repeatOfId - 1];
    if (repeatOfId !== null) category = h.category[repeatOfId - 1];
    const closedForGood =
      repeatOfId !== null && h.finalAt[repeatOfId - 1] < intake.receivedAt.getTime();
    const timeline = planTimeline(random, intake.receivedAt, snapshot, {
      declineShare: firstTime ? 0.05 : 0.12,
      mustDecline: closedForGood,
    });
    // one literal of a fixed shape: spreading objects into it is many times slower at scale
    const p: PlannedPetition = {
      id,
      serial: i + 1,
      year,
      receivedAt: intake.receivedAt,
      channel: intake.channel,
      source: intake.source,
      category,
      townId,
      headcount: intake.headcount,
      firstTime,
      repeatOfId,
      messageId: intake.messageId,
      acceptedAt: timeline.acceptedAt,
      declinedAt: timeline.declinedAt,
      handlingAt: timeline.handlingAt,
      extendedAt: timeline.extendedAt,
      dueAt: timeline.dueAt,
      repliedAt: timeline.repliedAt,
      reviews: timeline.reviews,
      closedAt: timeline.closedAt,
      rating: timeline.rating,
      evaluatedAt: timeline.evaluatedAt,
    };
    petitions.push(p);
    const recheck = p.reviews.find((r) => r.kind === "RECHECK")?.decidedAt;
    h.receivedAt.push(p.receivedAt.getTime());
    h.category.push(category);
    h.townId.push(townId);
    h.firstTime.push(firstTime);
    h.channel.push(p.channel);
    h.headcount.push(p.headcount);
    h.finalAt.push(
      closedForGood ? h.finalAt[repeatOfId! - 1] : recheck ? recheck.getTime() : Infinity,
    );
    let same = byCategory.get(category);
    if (!same) byCategory.set(category, (same = []));
    same.push(id);
  });
  return {
    year,
    targets,
    petitions,
    visits: attachVisits(random, targets, petitions, slots, h),
    backlog: planBacklog(random, targets, h, snapshot),
    messages,
  };
}

/** The plan of the default profile (2016 and 2017) at a scale: every count `scale` times over. */
export function planSeed(scale = 1): SeedPlan {
  // serial numbers have six digits: a year of scale 500 holds about 915,000 petitions
  if (!Number.isInteger(scale) || scale < 1 || scale > 500)
    throw new Error("the scale must be a whole number from 1 to 500");
  const snapshot = yearRange(SEED_YEARS[SEED_YEARS.length - 1]).end;
  const history: PlanHistory = {
    receivedAt: [],
    category: [],
    townId: [],
    firstTime: [],
    channel: [],
    headcount: [],
    finalAt: [],
    onBacklog: new Set(),
    visited: new Set(),
    nextMessageId: 1,
  };
  const byCategory = new Map<PetitionCategory, number[]>();
  const years = SEED_YEARS.map((year) => planYear(year, scale, snapshot, history, byCategory));
  addShowcase(years[years.length - 1], snapshot, history);
  return { scale, snapshot, years };
}

/**
 * The dataset's newest petitions, the first page of the README's first query: the last website
 * messages the service center had not passed on yet, registered after the last day's other
 * intake, each with a dispute item masswork screened before (subgraphs/masswork/seed.ts), so
 * that query shows every department's records.
 */
export const SHOWCASE_PETITIONS = 3;

/**
 * Adds the showcase petitions to the year, after everything else of it was drawn and from a
 * stream of their own: the rest of the plan stays as it was, and no yearbook figure counts them
 * (website messages registered by the county, first-time, no visit).
 */
function addShowcase(year: YearPlan, snapshot: Date, h: PlanHistory): void {
  const random = seededRandom(namedSeed(`plan ${year.year} showcase`));
  const passedOn = new Set(year.petitions.map((p) => p.messageId));
  const { firstId, postedAt } = year.messages;
  let at = year.petitions[year.petitions.length - 1].receivedAt.getTime();
  const messages: number[] = [];
  for (let i = postedAt.length - 1; i >= 0 && messages.length < SHOWCASE_PETITIONS; i--)
    if (!passedOn.has(firstId + i) && postedAt[i] < at - 86_400_000) messages.unshift(firstId + i);
  for (const messageId of messages) {
    at += 10 * 60_000;
    const receivedAt = new Date(at);
    const category = plannedCategory(random, "online", receivedAt);
    const townId = weighted(random, SEED_TOWN_WEIGHTS);
    const timeline = planTimeline(random, receivedAt, snapshot, {
      declineShare: 0.05,
      mustDecline: false,
    });
    const p: PlannedPetition = {
      id: h.receivedAt.length + 1,
      serial: year.petitions.length + 1,
      year: year.year,
      receivedAt,
      channel: "ONLINE",
      source: "COUNTY_INTAKE",
      category,
      townId,
      headcount: 1,
      firstTime: true,
      repeatOfId: null,
      messageId,
      ...timeline,
    };
    year.petitions.push(p);
    h.receivedAt.push(at);
    h.category.push(category);
    h.townId.push(townId);
    h.firstTime.push(true);
    h.channel.push(p.channel);
    h.headcount.push(1);
    h.finalAt.push(Infinity);
  }
}

let defaultPlan: SeedPlan | null = null;

/** The default profile at scale 1, planned once per process. */
export function defaultSeedPlan(): SeedPlan {
  return (defaultPlan ??= planSeed(1));
}
