import type { EntityManager } from "typeorm";
import { boundedText } from "../../../common/text";
import { badInput, parseId, procedureViolation } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { addDays } from "../../../common/time";
import { Petition } from "../entities/petition";
import { Review } from "../entities/review";
import { PetitionStatus, ReviewKind } from "../entities/enums";
import {
  lateNote,
  MAX_EXTENSION_DAYS,
  REPLY_DAYS,
  REPLY_MISSED,
  REVIEW_DAYS,
  REVIEW_WINDOW_DAYS,
  reviewMissed,
} from "./procedure";
import { wholeNumber } from "./validation";
import type { Step } from "./transition";

const HANDLING = [PetitionStatus.ACCEPTED, PetitionStatus.IN_PROGRESS];

function requireStatus(
  petition: Petition,
  allowed: PetitionStatus[],
  rule: string,
  action: string,
): void {
  if (!allowed.includes(petition.status))
    throw procedureViolation(
      rule,
      `cannot ${action} a petition that is ${petition.status}; it must be ${allowed.join(" or ")}`,
    );
}

async function reviewsOf(tx: EntityManager, petitionId: number): Promise<Review[]> {
  return tx.find(Review, { where: { petitionId }, order: { id: "ASC" } });
}

/**
 * 三级终结: once a matter's re-review is decided, the same matter is not accepted again. The
 * matter is the chain of petitions linked by repeatOf.
 */
async function matterClosedForGood(tx: EntityManager, petition: Petition): Promise<boolean> {
  const seen = new Set<number>();
  for (let id: number | null = petition.repeatOfId; id !== null && !seen.has(id);) {
    seen.add(id);
    const earlier = await tx.findOneBy(Petition, { id });
    if (!earlier) return false;
    const rechecks = await tx.count(Review, {
      where: { petitionId: id, kind: ReviewKind.RECHECK },
    });
    if (earlier.status === PetitionStatus.CLOSED && rechecks > 0) return true;
    id = earlier.repeatOfId;
  }
  return false;
}

/** The petitioner may still ask for a review (or re-review) of the last answer. */
async function reviewWindowOpen(tx: EntityManager, p: Petition, now: Date): Promise<boolean> {
  const reviews = await reviewsOf(tx, p.id);
  const lastAnswer = reviews.filter((r) => r.decidedAt).pop()?.decidedAt ?? p.repliedAt!;
  return now.getTime() <= addDays(lastAnswer, REVIEW_WINDOW_DAYS).getTime();
}

export const steps = {
  async accept(p: Petition, now: Date, tx: EntityManager, responsibleUnit: string): Promise<Step> {
    requireStatus(p, [PetitionStatus.REGISTERED], "accept-registered", "accept");
    const unit = boundedText("responsibleUnit", responsibleUnit, 2, 100);
    if (await matterClosedForGood(tx, p))
      throw procedureViolation(
        "three-level-closure",
        "the matter was closed after re-review (三级终结) and is not accepted again",
      );
    const dueAt = addDays(now, REPLY_DAYS);
    return {
      to: PetitionStatus.ACCEPTED,
      changes: { acceptedAt: now, responsibleUnit: unit, dueAt, currentDeadline: dueAt },
      // accepting after the 15 days is allowed, and recorded as late
      note: unit + lateNote(now, p.acceptanceDeadline),
    };
  },

  decline(p: Petition, now: Date, reason: string): Step {
    requireStatus(p, [PetitionStatus.REGISTERED], "decline-registered", "decline");
    const why = boundedText("reason", reason, 2, 1000);
    return {
      to: PetitionStatus.DECLINED,
      changes: { declinedAt: now, declineReason: why, currentDeadline: null },
      note: why + lateNote(now, p.acceptanceDeadline),
    };
  },

  startHandling(p: Petition): Step {
    requireStatus(p, [PetitionStatus.ACCEPTED], "handle-accepted", "start handling");
    return { to: PetitionStatus.IN_PROGRESS, changes: {} };
  },

  extend(p: Petition, now: Date, reason: string, days: number, actor: string): Step {
    requireStatus(p, HANDLING, "extend-while-handling", "extend the deadline of");
    if (p.extensionReason !== null)
      throw procedureViolation(
        "extend-once",
        "the deadline was extended once already; only one extension is allowed",
      );
    if (p.dueAt && now.getTime() > p.dueAt.getTime())
      throw procedureViolation(
        "extend-before-due",
        "the due date has passed; an extension must be granted before it",
      );
    const why = boundedText("reason", reason, 2, 1000);
    wholeNumber("days", days, 1, MAX_EXTENSION_DAYS);
    const dueAt = addDays(p.dueAt!, days);
    return {
      to: p.status,
      changes: {
        dueAt,
        currentDeadline: dueAt,
        extensionReason: why,
        extensionDays: days,
        extendedAt: now,
        extendedBy: actor,
      },
      note: `extended by ${days} days: ${why}`,
    };
  },

  reply(p: Petition, now: Date, reply: string): Step {
    requireStatus(p, HANDLING, "reply-after-acceptance", "reply to");
    const answer = boundedText("reply", reply, 2, 5000);
    return {
      to: PetitionStatus.REPLIED,
      changes: { repliedAt: now, replyText: answer, currentDeadline: null },
      // the history shows what was answered, as it shows a decline's reason, and a late reply
      // (after the due date, its extension included) says so
      note: answer + lateNote(now, p.dueAt, "replied", REPLY_MISSED),
    };
  },

  async requestReview(p: Petition, now: Date, tx: EntityManager, kind: ReviewKind): Promise<Step> {
    requireStatus(p, [PetitionStatus.REPLIED], "review-after-reply", "request a review of");
    const reviews = await reviewsOf(tx, p.id);
    const review = reviews.find((r) => r.kind === ReviewKind.REVIEW);
    let windowFrom: Date;
    if (kind === ReviewKind.REVIEW) {
      if (review)
        throw procedureViolation(
          "review-once",
          "a review (复查) was requested already; what follows is a re-review (复核)",
        );
      windowFrom = p.repliedAt!;
    } else {
      if (!review?.decidedAt)
        throw procedureViolation(
          "recheck-after-review",
          "a re-review (复核) needs a decided review (复查) first",
        );
      if (reviews.some((r) => r.kind === ReviewKind.RECHECK))
        throw procedureViolation("recheck-once", "a re-review (复核) was requested already");
      windowFrom = review.decidedAt;
    }
    if (now.getTime() > addDays(windowFrom, REVIEW_WINDOW_DAYS).getTime())
      throw procedureViolation(
        "review-window",
        `the ${REVIEW_WINDOW_DAYS}-day window to request a ${kind === ReviewKind.REVIEW ? "review" : "re-review"} has passed`,
      );
    const dueAt = addDays(now, REVIEW_DAYS);
    return {
      to: kind === ReviewKind.REVIEW ? PetitionStatus.UNDER_REVIEW : PetitionStatus.UNDER_RECHECK,
      changes: { currentDeadline: dueAt },
      also: async (t) =>
        void (await t.insert(Review, {
          petitionId: p.id,
          kind,
          requestedAt: now,
          dueAt,
          decidedAt: null,
          outcome: null,
        })),
    };
  },

  async decideReview(p: Petition, now: Date, tx: EntityManager, outcome: string): Promise<Step> {
    requireStatus(
      p,
      [PetitionStatus.UNDER_REVIEW, PetitionStatus.UNDER_RECHECK],
      "decide-pending-review",
      "decide a review of",
    );
    const decision = boundedText("outcome", outcome, 2, 2000);
    const pending = (await reviewsOf(tx, p.id)).find((r) => r.decidedAt === null)!;
    const final = p.status === PetitionStatus.UNDER_RECHECK;
    return {
      // a decided review is a new answer, open to re-review; a decided re-review ends the matter
      to: final ? PetitionStatus.CLOSED : PetitionStatus.REPLIED,
      changes: { currentDeadline: null },
      note: decision + lateNote(now, pending.dueAt, "decided", reviewMissed(final)),
      also: async (t) =>
        void (await t.update(Review, { id: pending.id }, { decidedAt: now, outcome: decision })),
    };
  },

  /** The facts `close` needs from the service center, asked before its transaction: evaluated or not, while a review may still be requested. */
  async closeFacts(
    ctx: SubgraphContext,
    p: Petition,
    now: Date,
  ): Promise<{ evaluated: boolean | null }> {
    if (p.status !== PetitionStatus.REPLIED || !(await reviewWindowOpen(ctx.db.manager, p, now)))
      return { evaluated: null };
    const { petition } = await ctx.graph.request<{
      petition: { evaluation: { id: string } | null } | null;
    }>("query($id: ID!) { petition(id: $id) { evaluation { id } } }", { id: String(p.id) });
    return { evaluated: !!petition?.evaluation };
  },

  async close(
    p: Petition,
    now: Date,
    tx: EntityManager,
    facts: { evaluated: boolean | null },
  ): Promise<Step> {
    requireStatus(p, [PetitionStatus.REPLIED], "close-replied", "close");
    if ((await reviewWindowOpen(tx, p, now)) && facts.evaluated !== true)
      throw procedureViolation(
        "close-after-window",
        "the petitioner may still request a review; close after the window or after an evaluation",
      );
    return { to: PetitionStatus.CLOSED, changes: { currentDeadline: null } };
  },

  async merge(p: Petition, tx: EntityManager, rawIntoId: string): Promise<Step> {
    const intoId = parseId("intoId", rawIntoId);
    if (intoId === p.id) throw badInput("intoId", "a petition cannot be merged into itself");
    if ([PetitionStatus.MERGED, PetitionStatus.CLOSED].includes(p.status))
      throw procedureViolation("merge-open", `a ${p.status} petition cannot be merged`);
    const into = await tx.findOneBy(Petition, { id: intoId });
    if (!into) throw badInput("intoId", "no such petition");
    if (into.status === PetitionStatus.MERGED)
      throw badInput("intoId", "is itself merged; merge into the petition it was merged into");
    return {
      to: PetitionStatus.MERGED,
      changes: { duplicateOfId: intoId, currentDeadline: null },
      note: `merged into ${into.serialNo}`,
    };
  },
};
