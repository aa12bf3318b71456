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

/** Calendar days, as the regulations count them. */
export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}
