import { addDays } from "../common/time/clock";
import { between, weighted, type Random } from "./random";

/**
 * How a synthetic petition ran through the procedure (《信访条例》: decide within 15 days,
 * reply within 60, one extension of 30, review and re-review each requested within 30 days
 * and decided within 30), up to the moment the dataset stops. What had not happened by then
 * is null. The shares make realistic "three rates": about 98% decided in time, about 96%
 * replied in time, about nine in ten evaluations satisfied.
 */
export type PlannedRating = "SATISFIED" | "BASICALLY_SATISFIED" | "UNSATISFIED";

export interface PlannedReview {
  kind: "REVIEW" | "RECHECK";
  requestedAt: Date;
  /** null while pending at the snapshot */
  decidedAt: Date | null;
}

export interface Timeline {
  acceptedAt: Date | null;
  declinedAt: Date | null;
  /** handling started (in progress) */
  handlingAt: Date | null;
  /** the one extension was granted */
  extendedAt: Date | null;
  /** the reply's due date, the extension included */
  dueAt: Date | null;
  repliedAt: Date | null;
  reviews: PlannedReview[];
  closedAt: Date | null;
  rating: PlannedRating | null;
  evaluatedAt: Date | null;
}

const ACCEPTANCE_DAYS = 15;
const REPLY_DAYS = 60;
const EXTENSION_DAYS = 30;
const REVIEW_DAYS = 30;

const LATE_DECISION = 0.022;
const EXTENDED = 0.06;
const LATE_REPLY = 0.035;
const EVALUATED = 0.72;
const REVIEWED = 0.06;
const RECHECKED = 0.35;
const RATINGS: [PlannedRating, number][] = [
  ["SATISFIED", 68],
  ["BASICALLY_SATISFIED", 24],
  ["UNSATISFIED", 8],
];
/** Most decisions take a few days; a few use up the fortnight. */
const DECISION_DAYS: [number, number][] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map(
  (d) => [d, d <= 7 ? 10 : 4],
);

/** A matter that must be declined from the start (closed for good after re-review, 三级终结). */
export interface TimelineOptions {
  declineShare: number;
  mustDecline?: boolean;
}

export function planTimeline(
  random: Random,
  receivedAt: Date,
  snapshot: Date,
  options: TimelineOptions,
): Timeline {
  const t: Timeline = {
    acceptedAt: null,
    declinedAt: null,
    handlingAt: null,
    extendedAt: null,
    dueAt: null,
    repliedAt: null,
    reviews: [],
    closedAt: null,
    rating: null,
    evaluatedAt: null,
  };
  // events from the snapshot on have not happened
  const by = (at: Date) => (at.getTime() < snapshot.getTime() ? at : null);
  const decisionDays =
    random() < LATE_DECISION
      ? between(random, ACCEPTANCE_DAYS + 1, 28)
      : weighted(random, DECISION_DAYS);
  const decided = by(addDays(receivedAt, decisionDays));
  const decline = options.mustDecline || random() < options.declineShare;
  if (!decided) return t;
  if (decline) {
    t.declinedAt = decided;
    return t;
  }
  t.acceptedAt = decided;
  t.handlingAt = by(addDays(decided, between(random, 1, 3)));
  let replyDays = REPLY_DAYS;
  if (random() < EXTENDED) {
    const extendedAt = addDays(decided, between(random, 40, 55));
    if (t.handlingAt && by(extendedAt)) {
      t.extendedAt = extendedAt;
      replyDays += EXTENSION_DAYS;
    }
  }
  t.dueAt = addDays(decided, replyDays);
  if (!t.handlingAt) return t;
  // an extended case is answered after its extension, within the 30 days it bought
  const span = (random() + random()) / 2;
  const earliest = t.extendedAt
    ? Math.round((t.extendedAt.getTime() - decided.getTime()) / 86_400_000) + 2
    : 7;
  const repliedAt =
    random() < LATE_REPLY
      ? addDays(t.dueAt, between(random, 1, 20))
      : addDays(decided, earliest + Math.floor(span * (replyDays - 1 - earliest)));
  t.repliedAt = by(repliedAt);
  if (!t.repliedAt) return t;

  if (random() < EVALUATED) {
    t.evaluatedAt = by(addDays(t.repliedAt, between(random, 1, 10)));
    if (t.evaluatedAt) t.rating = weighted(random, RATINGS);
  }
  let lastAnswer = t.repliedAt;
  for (const kind of ["REVIEW", "RECHECK"] as const) {
    if (random() >= (kind === "REVIEW" ? REVIEWED : RECHECKED)) break;
    const requestedAt = by(addDays(lastAnswer, between(random, 3, 28)));
    if (!requestedAt) return t;
    const decidedAt = by(addDays(requestedAt, between(random, 10, REVIEW_DAYS - 1)));
    t.reviews.push({ kind, requestedAt, decidedAt });
    if (!decidedAt) return t;
    lastAnswer = decidedAt;
    if (kind === "RECHECK") {
      // a decided re-review ends the matter for good
      t.closedAt = decidedAt;
      return t;
    }
  }
  // no (further) review requested within the window: the case is closed after it
  t.closedAt = by(addDays(lastAnswer, REVIEW_DAYS + 1));
  return t;
}
