import { badInput } from "../errors/user-errors";
import { FIRST_YEAR } from "../time/scalars";
import { beijingDate } from "../text/validation";

/**
 * The year a report may be asked for: from the first year the records can hold (no time before
 * 1990 is taken) to the current year in Beijing. The year before the first is read for its
 * changes, and finds nothing: a change from it is null, not an error.
 */
export function reportYear(year: number, now: Date): number {
  const last = Number(beijingDate(now).slice(0, 4));
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > last)
    throw badInput("year", `must be a year from ${FIRST_YEAR} to ${last}`);
  return year;
}

/**
 * A calendar year as the county counts it, in Beijing time (UTC+8): [start, end).
 * Every department's annual figures use these bounds.
 */
export function yearRange(year: number): { start: Date; end: Date } {
  if (!Number.isInteger(year) || year < FIRST_YEAR - 1 || year > 9999)
    throw badInput("year", `must be a year from ${FIRST_YEAR}`);
  return {
    start: new Date(Date.UTC(year - 1, 11, 31, 16)),
    end: new Date(Date.UTC(year, 11, 31, 16)),
  };
}

/** The change from last year as a fraction (0.127 for +12.7%); null when last year had none. */
export function changeFrom(previous: number, current: number): number | null {
  return previous === 0 ? null : (current - previous) / previous;
}

/** A ratio, or null when there is nothing to divide by. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
