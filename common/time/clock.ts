/**
 * The one source of time. Deadlines are computed from it, so tests can set the date
 * instead of waiting for it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until it is moved; for tests and deterministic demo data. */
export class FixedClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advanceDays(days: number): void {
    this.current = addDays(this.current, days);
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** the county's time zone, UTC+8 (no daylight saving) */
const COUNTY_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * A demo's clock: today is `asOf` (a day, YYYY-MM-DD, in the county's time zone), the time of day
 * is the real one, and it runs on from there. Every part started on the same real day agrees on
 * it to the millisecond, since the shift is a whole number of days.
 */
export function demoClock(asOf: string, realNow: () => number = Date.now): Clock {
  const start = realNow();
  const realDayStart = Math.floor((start + COUNTY_OFFSET_MS) / DAY_MS) * DAY_MS - COUNTY_OFFSET_MS;
  const shift = Date.parse(`${asOf}T00:00:00+08:00`) - realDayStart;
  return { now: () => new Date(realNow() + shift) };
}

/** Calendar days, as the regulations count them. */
export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}
