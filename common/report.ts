import { badInput } from "./errors";

/**
 * A calendar year as the county counts it, in Beijing time (UTC+8): [start, end).
 * Every department's annual figures use these bounds.
 */
export function yearRange(year: number): { start: Date; end: Date } {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput("year", "must be a year between 2000 and 2100");
  return { start: new Date(Date.UTC(year - 1, 11, 31, 16)), end: new Date(Date.UTC(year, 11, 31, 16)) };
}

/** The change from last year as a fraction (0.127 for +12.7%); null when last year had none. */
export function changeFrom(previous: number, current: number): number | null {
  return previous === 0 ? null : (current - previous) / previous;
}

/** A ratio, or null when there is nothing to divide by. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
