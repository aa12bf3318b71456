/** The regulations' deadlines, in calendar days (《信访条例》 arts. 21–36). */

/** accept or decline within 15 days of receipt */
export const ACCEPTANCE_DAYS = 15;
/** reply within 60 days of acceptance */
export const REPLY_DAYS = 60;
/** one extension of at most 30 days */
export const MAX_EXTENSION_DAYS = 30;
/** a review (复查) or re-review (复核) is requested within 30 days and decided within 30 days */
export const REVIEW_WINDOW_DAYS = 30;
export const REVIEW_DAYS = 30;
/** five or more people on one matter make a collective visit (集体访) */
export const COLLECTIVE_HEADCOUNT = 5;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How many calendar days after its deadline a step was taken: 0 in time, null not yet taken.
 * A late step is allowed (the matter must still be decided) but recorded as late; the timely
 * acceptance rate counts it as not timely (report-figures.ts).
 */
export function lateByDays(takenAt: Date | null, deadline: Date | null): number | null {
  if (!takenAt || !deadline) return null;
  const late = takenAt.getTime() - deadline.getTime();
  return late <= 0 ? 0 : Math.ceil(late / DAY_MS);
}

/**
 * What a late step's history line adds: "; late: decided 3 days after the 15-day window" (the
 * default, acceptance or decline), or with the step's own verb and deadline ("replied",
 * "the due date"); nothing when in time.
 */
export function lateNote(
  takenAt: Date,
  deadline: Date | null,
  verb = "decided",
  missed = `the ${ACCEPTANCE_DAYS}-day window`,
): string {
  const days = lateByDays(takenAt, deadline) ?? 0;
  return days > 0 ? `; late: ${verb} ${days} day${days === 1 ? "" : "s"} after ${missed}` : "";
}

/** The deadline a reply missed, as its history line names it: the due date (extension included). */
export const REPLY_MISSED = "the due date";
/** The deadline a review or re-review decision missed, as its history line names it. */
export const reviewMissed = (recheck: boolean) =>
  `the ${REVIEW_DAYS}-day ${recheck ? "re-review (复核)" : "review (复查)"} period`;
