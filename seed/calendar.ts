import type { Random } from "./random";

/**
 * The county's calendar for the synthetic dataset: working days (the State Council moves some
 * days off and back around the holidays), office hours in Beijing time, and the seasons of
 * petition work.
 */
const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;

/** Weekdays off, by the holiday schedule of each year. */
const HOLIDAYS: Record<number, readonly string[]> = {
  2016: [
    "2016-01-01",
    "2016-02-08",
    "2016-02-09",
    "2016-02-10",
    "2016-02-11",
    "2016-02-12",
    "2016-04-04",
    "2016-05-02",
    "2016-06-09",
    "2016-06-10",
    "2016-09-15",
    "2016-09-16",
    "2016-10-03",
    "2016-10-04",
    "2016-10-05",
    "2016-10-06",
    "2016-10-07",
  ],
  2017: [
    "2017-01-02",
    "2017-01-27",
    "2017-01-30",
    "2017-01-31",
    "2017-02-01",
    "2017-02-02",
    "2017-04-03",
    "2017-04-04",
    "2017-05-01",
    "2017-05-29",
    "2017-05-30",
    "2017-10-02",
    "2017-10-03",
    "2017-10-04",
    "2017-10-05",
    "2017-10-06",
  ],
};

/** Weekend days worked instead. */
const MAKEUP_DAYS: Record<number, readonly string[]> = {
  2016: ["2016-02-06", "2016-02-14", "2016-06-12", "2016-09-18", "2016-10-08", "2016-10-09"],
  2017: ["2017-01-22", "2017-02-04", "2017-04-01", "2017-05-27", "2017-09-30"],
};

/** The Spring Festival: wage claims and visits gather in the weeks before it. */
const SPRING_FESTIVAL: Record<number, string> = { 2016: "2016-02-08", 2017: "2017-01-28" };

/** The calendar days of a year, YYYY-MM-DD. */
export function daysOfYear(year: number): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

export function isWorkingDay(day: string): boolean {
  const year = Number(day.slice(0, 4));
  if (MAKEUP_DAYS[year]?.includes(day)) return true;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !HOLIDAYS[year]?.includes(day);
}

/** The working days of a year (Monday to Friday for a year whose schedule is not listed). */
export function workingDays(year: number): string[] {
  return daysOfYear(year).filter(isWorkingDay);
}

/** The moment `minutes` after midnight of a Beijing calendar day. */
export function beijingTime(day: string, minutes: number): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - BEIJING_MS + minutes * 60_000);
}

/** The Beijing calendar day of a moment. */
export function beijingDay(at: Date | number): string {
  return new Date((typeof at === "number" ? at : at.getTime()) + BEIJING_MS)
    .toISOString()
    .slice(0, 10);
}

/** A moment in office hours (8:30 to 17:00) of a Beijing day. */
export function officeHours(day: string, random: Random): Date {
  return beijingTime(day, 8 * 60 + 30 + Math.floor(random() * 510));
}

/** How busy petition work is in each month, January first: the year's two peaks and the summer lull. */
const MONTH_WEIGHTS = [1.2, 0.85, 1.2, 1.0, 0.95, 0.95, 0.85, 0.8, 0.95, 0.8, 1.05, 1.25];

/** The season's weight of a day: the month, and the three weeks before the Spring Festival. */
export function seasonWeight(day: string): number {
  const month = Number(day.slice(5, 7)) - 1;
  const festival = SPRING_FESTIVAL[Number(day.slice(0, 4))];
  const before = festival ? (Date.parse(festival) - Date.parse(day)) / DAY_MS : -1;
  return MONTH_WEIGHTS[month] * (before > 0 && before <= 21 ? 1.4 : 1);
}

/** Draws days of a list with the given weights. */
export class DaySampler {
  private readonly cumulative: number[] = [];
  constructor(
    readonly days: readonly string[],
    weight: (day: string) => number,
  ) {
    let sum = 0;
    for (const day of days) this.cumulative.push((sum += weight(day)));
  }

  sample(random: Random): string {
    const r = random() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return this.days[lo];
  }
}
