import type { Loaders } from "../../../common/db";
import { changeFrom, ratio, yearSpan } from "../../../common/domain";
import { type Clock } from "../../../common/time";
import type {
  CountYoY,
  EscalationFigures,
  ThreeRates,
  VisitFigures,
} from "../entities/annual-report";
import {
  backlogGroups,
  intakeGroups,
  outcomeGroups,
  overdueChanges,
  stockAt,
  sumBy,
  visitGroups,
  type Grouping,
  type VisitGroup,
} from "./period-figures";

/**
 * The bureau's figures of the annual report: the period figures (period-figures.ts) over the
 * year and the year before, each grouped in one YEAR bucket, so that a year's figure is the same
 * code as `statistics`' months, weeks and days. One statement per figure group for both years.
 */
const yearOf = (year: number) => ({ span: yearSpan(year), filter: {} });
const atYear = (m: Map<string, number>, year: number) => m.get(String(year)) ?? 0;

function yoy(prevCount: number, count: number, persons: number | null): CountYoY {
  return { count, persons, changeFromPreviousYear: changeFrom(prevCount, count) };
}

/** The visit figures' definitions, shared with `statistics` (statistics.ts). */
export const county = (g: VisitGroup) => g.level === "COUNTY";
export const VISIT_FIGURES = {
  all: county,
  firstTime: (g: VisitGroup) => county(g) && g.firstTime,
  collective: (g: VisitGroup) => county(g) && g.collective,
  collectiveFirstTime: (g: VisitGroup) => county(g) && g.collective && g.firstTime,
};
export const ESCALATION_FIGURES = {
  total: (g: VisitGroup) => !county(g),
  municipal: (g: VisitGroup) => g.level === "MUNICIPAL",
  provincial: (g: VisitGroup) => g.level === "PROVINCIAL",
  national: (g: VisitGroup) => g.level === "NATIONAL",
};

/** 来访 received by the county (collective and first-time ones among them) and 越级访 by level. */
export async function visitFigures(
  loaders: Loaders,
  year: number,
): Promise<{ visits: VisitFigures; escalated: EscalationFigures }> {
  const groups = await visitGroups(loaders, yearOf(year));
  const figure = (where: (g: VisitGroup) => boolean, persons = true) => {
    const visits = sumBy(groups, (g) => g.visits, where);
    const people = sumBy(groups, (g) => g.persons, where);
    return yoy(
      atYear(visits, year - 1),
      atYear(visits, year),
      persons ? atYear(people, year) : null,
    );
  };
  const v = VISIT_FIGURES;
  const e = ESCALATION_FIGURES;
  return {
    visits: {
      all: figure(v.all),
      firstTime: figure(v.firstTime),
      collective: figure(v.collective),
      collectiveFirstTime: figure(v.collectiveFirstTime),
    },
    escalated: {
      total: figure(e.total, false),
      municipal: figure(e.municipal, false),
      provincial: figure(e.provincial, false),
      national: figure(e.national, false),
    },
  };
}

export async function onlineTransfers(loaders: Loaders, year: number): Promise<CountYoY> {
  const transfers = sumBy(
    await intakeGroups(loaders, yearOf(year)),
    (g) => g.petitions,
    (g) => g.transfer,
  );
  return yoy(atYear(transfers, year - 1), atYear(transfers, year), null);
}

export async function backlogFigures(
  loaders: Loaders,
  year: number,
): Promise<{ assigned: number; batches: number }> {
  const groups = await backlogGroups(loaders, yearOf(year));
  return {
    assigned: atYear(
      sumBy(groups, (g) => g.assigned),
      year,
    ),
    batches: atYear(
      sumBy(groups, (g) => g.batches),
      year,
    ),
  };
}

/** The rates' parts per bucket: registered (merged aside) and timely; replied, on time, overdue at the end. */
export async function rateParts(loaders: Loaders, g: Grouping, clock: Clock) {
  const [intake, outcomes, overdue] = await Promise.all([
    intakeGroups(loaders, g),
    outcomeGroups(loaders, g),
    overdueChanges(loaders, g, clock.now()),
  ]);
  return {
    registered: sumBy(
      intake,
      (x) => x.petitions,
      (x) => !x.merged,
    ),
    timely: sumBy(
      intake,
      (x) => x.petitions,
      (x) => !x.merged && x.timely,
    ),
    replied: sumBy(
      outcomes,
      (x) => x.petitions,
      (x) => x.kind === "replied",
    ),
    onTime: sumBy(
      outcomes,
      (x) => x.petitions,
      (x) => x.kind === "replied" && x.onTime,
    ),
    overdue: stockAt(g.span, overdue),
  };
}

/** The bureau's two rates and the replied items the service center's participation rate needs. */
export async function threeRates(
  loaders: Loaders,
  year: number,
  clock: Clock,
): Promise<Omit<ThreeRates, "year">> {
  const p = await rateParts(loaders, yearOf(year), clock);
  const replied = atYear(p.replied, year);
  return {
    timelyAcceptance: ratio(atYear(p.timely, year), atYear(p.registered, year)),
    // "open and already past due" is judged at the year's end, or now for the current year
    onTimeCompletion: ratio(atYear(p.onTime, year), replied + atYear(p.overdue, year)),
    repliedItems: replied,
  };
}
