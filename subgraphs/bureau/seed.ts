import { idNumberCheckDigit } from "../../common/domain";
import { addDays } from "../../common/time";
import {
  between,
  namedSeed,
  pick,
  matterOfMessage,
  seededRandom,
  syntheticName,
  syntheticPhone,
  type PlannedPetition,
  type Random,
  type SeedBatch,
  type SeedPlan,
  type SqlValue,
} from "../../seed";
import { PetitionStatus } from "./entities/enums";
import {
  ACCEPTANCE_DAYS,
  COLLECTIVE_HEADCOUNT,
  lateNote,
  REPLY_MISSED,
  REVIEW_DAYS,
  reviewMissed,
} from "./services/procedure";
import {
  CLOSED_FOR_GOOD,
  CLOSING_NOTES,
  DECLINE_REASONS,
  EXTENSION_REASON,
  petitionText,
  RECHECK_OUTCOMES,
  replyText,
  REVIEW_OUTCOMES,
  UNITS,
} from "./seed-text";

/**
 * The bureau's rows of the synthetic dataset: each planned petition with its petitioners, its
 * history as the procedure wrote it, its reviews, and the year's visits and backlog batches.
 * Petitioners of a repeat petition are the people of the petition it repeats.
 */
const PETITION = [
  "id",
  "serial_no",
  "title",
  "content",
  "channel",
  "source",
  "category",
  "status",
  "first_time",
  "collective",
  "headcount",
  "town_id",
  "responsible_unit",
  "received_at",
  "acceptance_deadline",
  "accepted_at",
  "declined_at",
  "decline_reason",
  "due_at",
  "extension_reason",
  "extension_days",
  "extended_at",
  "extended_by",
  "replied_at",
  "reply_text",
  "current_deadline",
  "duplicate_of_id",
  "repeat_of_id",
  "source_message_id",
  "version",
] as const;
const PETITIONER = ["id", "name", "id_number", "phone", "town_id"] as const;
const LINK = ["petition_id", "petitioner_id"] as const;
const HISTORY = ["id", "petition_id", "at", "from_status", "to_status", "note", "actor"] as const;
const REVIEW = [
  "id",
  "petition_id",
  "kind",
  "requested_at",
  "due_at",
  "decided_at",
  "outcome",
] as const;
const VISIT = [
  "id",
  "petition_id",
  "received_at",
  "level",
  "headcount",
  "collective",
  "first_time",
] as const;
const BACKLOG = [
  "id",
  "petition_id",
  "batch",
  "assigned_at",
  "lead_leader_id",
  "resolved_at",
] as const;

/** Petitions per block: each block's rows are written before the next is made. */
const BLOCK = 2_000;

interface Block {
  petitions: SqlValue[][];
  petitioners: SqlValue[][];
  links: SqlValue[][];
  history: SqlValue[][];
  reviews: SqlValue[][];
}

/** Where the case stood at the snapshot, and the deadline of its pending step. */
function standing(p: PlannedPetition): { status: PetitionStatus; deadline: Date | null } {
  const pending = p.reviews.find((r) => r.decidedAt === null);
  if (p.declinedAt) return { status: PetitionStatus.DECLINED, deadline: null };
  if (!p.acceptedAt)
    return { status: PetitionStatus.REGISTERED, deadline: addDays(p.receivedAt, ACCEPTANCE_DAYS) };
  if (p.closedAt) return { status: PetitionStatus.CLOSED, deadline: null };
  if (pending)
    return {
      status:
        pending.kind === "REVIEW" ? PetitionStatus.UNDER_REVIEW : PetitionStatus.UNDER_RECHECK,
      deadline: addDays(pending.requestedAt, REVIEW_DAYS),
    };
  if (p.repliedAt) return { status: PetitionStatus.REPLIED, deadline: null };
  return {
    status: p.handlingAt ? PetitionStatus.IN_PROGRESS : PetitionStatus.ACCEPTED,
    deadline: p.dueAt,
  };
}

class BureauSeed {
  private readonly random: Random = seededRandom(namedSeed("bureau"));
  /** the petitioners of each petition, by petition id - 1: the first id and how many */
  private readonly firstPetitioner: number[] = [];
  private readonly petitionerCount: number[] = [];
  private readonly idNumbers = new Set<string>();
  /** when each petition's matter was closed for good after re-review (三级终结), by id - 1 */
  private readonly finalAt: number[] = [];
  private petitionerId = 0;
  private historyId = 0;
  private reviewId = 0;

  /** A synthetic, well-formed and unique ID number: the county's area code, a birth date, a check digit. */
  private idNumber(): string {
    for (;;) {
      const birth = new Date(
        Date.UTC(
          1940 + Math.floor(this.random() * 62),
          Math.floor(this.random() * 12),
          1 + Math.floor(this.random() * 28),
        ),
      );
      const first17 = `131028${birth.toISOString().slice(0, 10).replace(/-/g, "")}${String(Math.floor(this.random() * 1000)).padStart(3, "0")}`;
      const id = first17 + idNumberCheckDigit(first17);
      if (!this.idNumbers.has(id)) {
        this.idNumbers.add(id);
        return id;
      }
    }
  }

  private people(block: Block, p: PlannedPetition): void {
    if (p.repeatOfId !== null) {
      // the same people come back on their matter
      this.firstPetitioner.push(this.firstPetitioner[p.repeatOfId - 1]);
      this.petitionerCount.push(this.petitionerCount[p.repeatOfId - 1]);
    } else {
      // a collective visit sends at most five representatives (代表)
      const count = p.headcount >= COLLECTIVE_HEADCOUNT ? between(this.random, 2, 5) : 1;
      this.firstPetitioner.push(this.petitionerId + 1);
      this.petitionerCount.push(count);
      for (let k = 0; k < count; k++)
        block.petitioners.push([
          ++this.petitionerId,
          syntheticName(this.random),
          this.idNumber(),
          syntheticPhone(this.random),
          p.townId,
        ]);
    }
    const first = this.firstPetitioner[p.id - 1];
    for (let k = 0; k < this.petitionerCount[p.id - 1]; k++) block.links.push([p.id, first + k]);
  }

  /**
   * The history rows the procedure would have written; the petition's version after them, the
   * staff account that wrote them, and the REPLIED row (its note is the reply, written later).
   */
  private history(
    block: Block,
    p: PlannedPetition,
    unit: string | null,
    declineReason: string | null,
  ): { version: number; actor: string; replied: SqlValue[] | null } {
    const actor = `bureau-${String(between(this.random, 1, 12)).padStart(2, "0")}`;
    let count = 0;
    let status: PetitionStatus | null = null;
    const step = (at: Date, to: PetitionStatus, note: string | null = null) => {
      block.history.push([++this.historyId, p.id, at, status, to, note, actor]);
      status = to;
      count++;
    };
    step(p.receivedAt, PetitionStatus.REGISTERED);
    // a late step's line says so, as steps.ts writes it
    const window = addDays(p.receivedAt, ACCEPTANCE_DAYS);
    if (p.declinedAt)
      step(p.declinedAt, PetitionStatus.DECLINED, declineReason + lateNote(p.declinedAt, window));
    if (p.acceptedAt)
      step(p.acceptedAt, PetitionStatus.ACCEPTED, unit + lateNote(p.acceptedAt, window));
    if (p.handlingAt) step(p.handlingAt, PetitionStatus.IN_PROGRESS);
    if (p.extendedAt)
      step(p.extendedAt, PetitionStatus.IN_PROGRESS, `extended by 30 days: ${EXTENSION_REASON}`);
    let replied: SqlValue[] | null = null;
    if (p.repliedAt) {
      step(p.repliedAt, PetitionStatus.REPLIED);
      replied = block.history[block.history.length - 1];
    }
    for (const r of p.reviews) {
      const review = r.kind === "REVIEW";
      const outcome = pick(this.random, review ? REVIEW_OUTCOMES : RECHECK_OUTCOMES);
      step(r.requestedAt, review ? PetitionStatus.UNDER_REVIEW : PetitionStatus.UNDER_RECHECK);
      const dueAt = addDays(r.requestedAt, REVIEW_DAYS);
      if (r.decidedAt)
        step(
          r.decidedAt,
          review ? PetitionStatus.REPLIED : PetitionStatus.CLOSED,
          outcome + lateNote(r.decidedAt, dueAt, "decided", reviewMissed(!review)),
        );
      block.reviews.push([
        ++this.reviewId,
        p.id,
        r.kind,
        r.requestedAt,
        dueAt,
        r.decidedAt,
        r.decidedAt ? outcome : null,
      ]);
    }
    if (p.closedAt && status !== PetitionStatus.CLOSED)
      step(
        p.closedAt,
        PetitionStatus.CLOSED,
        p.reviews.length ? CLOSING_NOTES.afterReview : CLOSING_NOTES.afterReply,
      );
    return { version: count, actor, replied };
  }

  petition(block: Block, p: PlannedPetition): void {
    const { title, content } = petitionText(
      this.random,
      p.category,
      p.townId,
      p.headcount,
      p.messageId === null ? null : matterOfMessage(p.category, p.messageId),
    );
    const unit = p.acceptedAt ? pick(this.random, UNITS[p.category]) : null;
    const recheck = p.reviews.find((r) => r.kind === "RECHECK")?.decidedAt?.getTime() ?? Infinity;
    const closedForGood =
      p.repeatOfId !== null && this.finalAt[p.repeatOfId - 1] < p.receivedAt.getTime();
    this.finalAt.push(closedForGood ? this.finalAt[p.repeatOfId! - 1] : recheck);
    const declineReason = p.declinedAt
      ? closedForGood
        ? CLOSED_FOR_GOOD
        : pick(this.random, DECLINE_REASONS)
      : null;
    this.people(block, p);
    const { version, actor, replied } = this.history(block, p, unit, declineReason);
    // drawn after the history, as before the reply was noted in it: the dataset stays the same
    const reply = p.repliedAt ? replyText(this.random, unit!) : null;
    if (replied) replied[5] = reply + lateNote(p.repliedAt!, p.dueAt, "replied", REPLY_MISSED);
    const { status, deadline } = standing(p);
    block.petitions.push([
      p.id,
      `XF${p.year}-${String(p.serial).padStart(6, "0")}`,
      title,
      content,
      p.channel,
      p.source,
      p.category,
      status,
      p.firstTime,
      p.headcount >= COLLECTIVE_HEADCOUNT,
      p.headcount,
      p.townId,
      unit,
      p.receivedAt,
      addDays(p.receivedAt, ACCEPTANCE_DAYS),
      p.acceptedAt,
      p.declinedAt,
      declineReason,
      p.dueAt,
      p.extendedAt ? EXTENSION_REASON : null,
      p.extendedAt ? 30 : null,
      p.extendedAt,
      p.extendedAt ? actor : null,
      p.repliedAt,
      reply,
      deadline,
      null,
      p.repeatOfId,
      p.messageId,
      version,
    ]);
  }
}

/** The bureau's part of the plan, block by block, then the year's visits and backlog batches. */
export function* bureauSeedRows(plan: SeedPlan): Generator<SeedBatch> {
  const seed = new BureauSeed();
  let visitId = 0;
  let backlogId = 0;
  for (const year of plan.years) {
    for (let i = 0; i < year.petitions.length; i += BLOCK) {
      const block: Block = { petitions: [], petitioners: [], links: [], history: [], reviews: [] };
      for (const p of year.petitions.slice(i, i + BLOCK)) seed.petition(block, p);
      yield { table: "petition", columns: PETITION, rows: block.petitions };
      yield { table: "petitioner", columns: PETITIONER, rows: block.petitioners };
      yield { table: "petition_petitioner", columns: LINK, rows: block.links };
      yield { table: "status_change", columns: HISTORY, rows: block.history };
      yield { table: "review", columns: REVIEW, rows: block.reviews };
    }
    for (let i = 0; i < year.visits.length; i += BLOCK * 5) {
      const rows = year.visits
        .slice(i, i + BLOCK * 5)
        .map((v) => [
          ++visitId,
          v.petitionId,
          v.receivedAt,
          v.level,
          v.headcount,
          v.headcount >= COLLECTIVE_HEADCOUNT,
          v.firstTime,
        ]);
      yield { table: "visit", columns: VISIT, rows };
    }
    yield {
      table: "backlog_case",
      columns: BACKLOG,
      rows: year.backlog.map((b) => [
        ++backlogId,
        b.petitionId,
        b.batch,
        b.assignedAt,
        b.leaderId,
        b.resolvedAt,
      ]),
    };
  }
}
