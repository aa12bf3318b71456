import type { EntityManager } from "typeorm";
import { holdRow, updateAtVersion } from "../../../common/db";
import { badInput, conflict, parseId, procedureViolation } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { beijingDate, boundedText } from "../../../common/text";
import { addDays } from "../../../common/time";
import { Forwarding, ForwardingKind } from "../entities/forwarding";
import { Petition } from "../entities/petition";
import { Supervision } from "../entities/supervision";
import { PetitionStatus } from "../entities/enums";
import { ACCEPTANCE_DAYS, lateByDays, MAX_EXTENSION_DAYS, REPLY_DAYS } from "./procedure";
import { actorOf, transition, writeHistory } from "./transition";
import { wholeNumber } from "./validation";

/**
 * 转送/交办 happen where the regulations put them: within the 15 days after receipt, as the
 * third outcome beside acceptance and decline (REGISTERED), and while the matter is handled,
 * when the bureau hands it to the unit concerned (ACCEPTED, IN_PROGRESS). A declined, replied,
 * reviewed, closed or merged petition is not sent anywhere.
 */
export const FORWARDABLE = [
  PetitionStatus.REGISTERED,
  PetitionStatus.ACCEPTED,
  PetitionStatus.IN_PROGRESS,
];
/** A forwarding is answered at the latest within what the procedure gives a reply: 60 + 30 days. */
export const MAX_FORWARDING_DAYS = REPLY_DAYS + MAX_EXTENSION_DAYS;
/** A forwarding (转送) without days or a deadline: the unit says within 15 days whether it takes the matter. */
export const FORWARD_DAYS = ACCEPTANCE_DAYS;

const KIND_NAME: Record<ForwardingKind, string> = {
  [ForwardingKind.FORWARD]: "forwarded (转送)",
  [ForwardingKind.ASSIGN]: "assigned (交办)",
};

/** A deadline given to a unit: after now, at most MAX_FORWARDING_DAYS ahead. */
function unitDeadline(field: string, at: Date, now: Date): Date {
  if (Number.isNaN(at.getTime())) throw badInput(field, "is not a valid time");
  if (at.getTime() <= now.getTime()) throw badInput(field, "must be in the future");
  if (at.getTime() > addDays(now, MAX_FORWARDING_DAYS).getTime())
    throw badInput(field, `must be at most ${MAX_FORWARDING_DAYS} days ahead`);
  return at;
}

export interface ForwardInput {
  kind: ForwardingKind;
  unit: string;
  days?: number | null;
  deadline?: Date | null;
  note?: string | null;
}

/**
 * 转送/交办: sends the petition to a unit, which becomes its responsible unit (the change is
 * in the history line), with the deadline for the unit's answer: `days` from now or a
 * `deadline`; an assignment needs one of them, a forwarding defaults to 15 days.
 */
export async function forwardPetition(
  ctx: SubgraphContext,
  rawId: string,
  version: number,
  input: ForwardInput,
): Promise<Forwarding> {
  const now = ctx.clock.now();
  const unit = boundedText("unit", input.unit, 2, 100);
  const note = input.note == null ? null : boundedText("note", input.note, 2, 1000);
  if (input.days != null && input.deadline != null)
    throw badInput("deadline", "give days or a deadline, not both");
  if (input.days != null) wholeNumber("days", input.days, 1, MAX_FORWARDING_DAYS);
  if (input.deadline != null) unitDeadline("deadline", input.deadline, now);
  if (input.kind === ForwardingKind.ASSIGN && input.days == null && input.deadline == null)
    throw badInput(
      "deadline",
      "an assignment (交办) needs days or a deadline for the unit's answer",
    );
  let created = 0;
  await transition(ctx, rawId, version, (p, at) => {
    if (!FORWARDABLE.includes(p.status))
      throw procedureViolation(
        "forward-open-petition",
        `cannot forward or assign a petition that is ${p.status}; it must be ${FORWARDABLE.join(" or ")}`,
      );
    const deadline = input.deadline ?? addDays(at, input.days ?? FORWARD_DAYS);
    const change =
      p.responsibleUnit === unit
        ? ""
        : `; responsible unit: ${p.responsibleUnit ?? "none"} → ${unit}`;
    return {
      to: p.status,
      changes: { responsibleUnit: unit },
      note: `${KIND_NAME[input.kind]} to ${unit}, answer due ${beijingDate(deadline)}${note ? `: ${note}` : ""}${change}`,
      also: async (tx) => {
        const result = await tx.insert(Forwarding, {
          petitionId: p.id,
          kind: input.kind,
          unit,
          deadline,
          note,
          forwardedAt: at,
          forwardedBy: actorOf(ctx),
          answer: null,
          answeredAt: null,
          answeredBy: null,
          version: 1,
        });
        created = Number(result.identifiers[0].id);
      },
    };
  });
  return (await ctx.db.getRepository(Forwarding).findOneBy({ id: created }))!;
}

/** The forwarding held until the transaction ends, at the version the caller read. */
async function heldForwarding(tx: EntityManager, id: number, field: string): Promise<Forwarding> {
  await holdRow(tx, "forwarding", id);
  const f = await tx.findOneBy(Forwarding, { id });
  if (!f) throw badInput(field, "no such forwarding");
  return f;
}

/**
 * The unit's answer, recorded once by bureau staff: a second answer is refused by rule, a
 * stale version with CONFLICT, and of concurrent answers exactly one is stored. A late answer
 * is taken and says it is late in the history.
 */
export async function answerForwarding(
  ctx: SubgraphContext,
  rawId: string,
  version: number,
  rawAnswer: string,
): Promise<Forwarding> {
  const id = parseId("id", rawId);
  const answer = boundedText("answer", rawAnswer, 2, 5000);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const f = await heldForwarding(tx, id, "id");
    if (f.version !== version) throw conflict("Forwarding", String(id), version, f.version);
    if (f.answeredAt !== null)
      throw procedureViolation(
        "forwarding-answered-once",
        "the unit's answer to this forwarding was recorded already",
      );
    await updateAtVersion(tx, Forwarding, "Forwarding", id, version, {
      answer,
      answeredAt: now,
      answeredBy: actorOf(ctx),
    });
    const late = lateByDays(now, f.deadline) ?? 0;
    const p = (await tx.findOneBy(Petition, { id: f.petitionId }))!;
    await writeHistory(
      tx,
      p.id,
      now,
      p.status,
      p.status,
      `answer of ${f.unit} to the matter ${KIND_NAME[f.kind]} on ${beijingDate(f.forwardedAt)}: ${answer}` +
        (late > 0 ? `; late: ${late} day${late === 1 ? "" : "s"} after its deadline` : ""),
      actorOf(ctx),
    );
    return (await tx.findOneBy(Forwarding, { id }))!;
  });
}

/** Steps at which a petition has a deadline of its own to chase. */
const PENDING = [
  PetitionStatus.REGISTERED,
  PetitionStatus.ACCEPTED,
  PetitionStatus.IN_PROGRESS,
  PetitionStatus.UNDER_REVIEW,
  PetitionStatus.UNDER_RECHECK,
];

export interface SuperviseInput {
  note: string;
  newDeadline?: Date | null;
  forwardingId?: string | null;
}

/**
 * 督办: a supervision notice about a petition, in its history and its `supervisions`. It
 * chases either one of its unanswered forwardings (then a new deadline moves that forwarding's
 * deadline, and the supervision list counts from it) or the petition's own step; the
 * procedure's statutory dates (acceptance, due date, review) are never moved, so a new deadline
 * given for the petition's own step is recorded as what the unit was told, and nothing else.
 */
export async function superviseCase(
  ctx: SubgraphContext,
  rawPetitionId: string,
  version: number,
  input: SuperviseInput,
): Promise<Supervision> {
  const now = ctx.clock.now();
  const note = boundedText("note", input.note, 2, 2000);
  const newDeadline =
    input.newDeadline == null ? null : unitDeadline("newDeadline", input.newDeadline, now);
  const forwardingId =
    input.forwardingId == null ? null : parseId("forwardingId", input.forwardingId);
  let created = 0;
  await transition(ctx, rawPetitionId, version, async (p, at, tx) => {
    if (p.status === PetitionStatus.MERGED)
      throw procedureViolation(
        "supervise-not-merged",
        "a merged petition is followed through the petition it was merged into",
      );
    let previousDeadline: Date | null = null;
    let about = "";
    if (forwardingId !== null) {
      const f = await heldForwarding(tx, forwardingId, "forwardingId");
      if (f.petitionId !== p.id)
        throw badInput("forwardingId", "is not a forwarding of this petition");
      if (f.answeredAt !== null)
        throw procedureViolation(
          "supervise-unanswered-forwarding",
          "the unit has answered this forwarding; there is nothing to chase",
        );
      about = ` ${f.unit}, about the matter ${KIND_NAME[f.kind]} on ${beijingDate(f.forwardedAt)}`;
      if (newDeadline) {
        previousDeadline = f.deadline;
        await updateAtVersion(tx, Forwarding, "Forwarding", f.id, f.version, {
          deadline: newDeadline,
        });
      }
    } else if (!PENDING.includes(p.status))
      throw procedureViolation(
        "supervise-pending-step",
        `a ${p.status} petition has no step to chase; name the forwarding to chase`,
      );
    const moved = newDeadline
      ? `; new deadline ${beijingDate(newDeadline)}${previousDeadline ? ` (was ${beijingDate(previousDeadline)})` : ""}`
      : "";
    return {
      to: p.status,
      changes: {},
      note: `supervised (督办)${about}: ${note}${moved}`,
      also: async (t) => {
        const result = await t.insert(Supervision, {
          petitionId: p.id,
          forwardingId,
          at,
          by: actorOf(ctx),
          note,
          newDeadline,
          previousDeadline,
        });
        created = Number(result.identifiers[0].id);
      },
    };
  });
  return (await ctx.db.getRepository(Supervision).findOneBy({ id: created }))!;
}
