import { In, type DataSource, type FindOptionsWhere } from "typeorm";
import { type PetitionCategory } from "../../../common/domain";
import { holdRow, updateAtVersion } from "../../../common/db";
import { badInput, conflict, notFound, parseId, procedureViolation } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { RiskItem } from "../entities/risk-item";
import { RiskItemChange } from "../entities/risk-item-change";
import { RiskStatus } from "../entities/enums";
import { requirePetition } from "./checks";
import { riskItemSearch } from "./search-index";
import { townExists } from "./towns";

/** 矛盾隐患 of the given statuses and town (all when not given), newest first. */
export function riskItemsWhere(
  db: DataSource,
  status: RiskStatus[] | null | undefined,
  townId: number | null,
): Promise<RiskItem[]> {
  const where: FindOptionsWhere<RiskItem> = {};
  if (status?.length) where.status = In(status);
  if (townId !== null) where.townId = townId;
  return db.getRepository(RiskItem).find({ where, order: { reportedAt: "DESC", id: "DESC" } });
}

/** A dispute found by screening, its arguments already checked. */
export interface RiskItemReport {
  townId: number;
  category: PetitionCategory;
  description: string;
  petitionId: number | null;
}

/**
 * Reports a dispute; it starts OPEN. The town is masswork's own; the petition is the bureau's
 * and is asked of the graph before the transaction opens. The item and its search index commit
 * together.
 */
export async function reportRiskItem(
  ctx: SubgraphContext,
  report: RiskItemReport,
): Promise<RiskItem> {
  if (!(await townExists(ctx.db, report.townId))) throw badInput("townId", "no such town");
  await requirePetition(ctx, report.petitionId);
  const row = {
    townId: report.townId,
    category: report.category,
    description: report.description,
    status: RiskStatus.OPEN,
    reportedAt: ctx.clock.now(),
    resolvedAt: null,
    escalatedAt: null,
    escalation: null,
    reopenedAt: null,
    reopenReason: null,
    version: 1,
    petitionId: report.petitionId,
  } as RiskItem;
  // the index commits with the item: it is searchable once this returns
  const id = await ctx.db.transaction(async (tx) => {
    const inserted = Number((await tx.insert(RiskItem, row)).identifiers[0].id);
    await riskItemSearch.refresh(tx, [inserted]);
    return inserted;
  });
  return { ...row, id };
}

/** One step of a dispute's course: from which statuses, to which, what else it writes. */
interface RiskStep {
  /** the rule a refusal names */
  rule: string;
  from: RiskStatus[];
  to: RiskStatus;
  verb: string;
  changes: (now: Date) => Partial<RiskItem>;
  /** what the history keeps of the step */
  note?: string;
}

/**
 * Applies one step to a dispute, or nothing at all. A given version must be the current one
 * (CONFLICT otherwise): escalating and reopening always give it; resolving may not, as the
 * public contract's `resolveRiskItem(id)` has none; the step must be allowed from the status the item has
 * (PROCEDURE_VIOLATION naming the rule). The step is written to the item's history in the same
 * transaction. The row is held and read inside the transaction, and
 * the UPDATE repeats the version and status it read, so of two concurrent steps on one item
 * exactly one is stored: the other reads what the first committed and is refused.
 */
async function riskStep(
  ctx: SubgraphContext,
  rawId: string,
  version: number | null | undefined,
  step: RiskStep,
): Promise<RiskItem> {
  const now = ctx.clock.now();
  const id = parseId("id", rawId);
  if (version !== null && version !== undefined && (!Number.isInteger(version) || version < 1))
    throw badInput("version", "must be a positive whole number");
  return ctx.db.transaction(async (tx) => {
    await holdRow(tx, "risk_item", id);
    const item = await tx.findOneBy(RiskItem, { id });
    if (!item) throw notFound("RiskItem", rawId);
    if (version !== null && version !== undefined && item.version !== version)
      throw conflict("RiskItem", String(id), version, item.version);
    if (!step.from.includes(item.status))
      throw procedureViolation(
        step.rule,
        `risk item ${id} is ${item.status}: only ${step.from.join(" or ")} items can be ${step.verb}`,
      );
    await updateAtVersion(
      tx,
      RiskItem,
      "RiskItem",
      id,
      item.version,
      { ...step.changes(now), status: step.to },
      { status: item.status },
    );
    await tx.insert(RiskItemChange, {
      riskItemId: id,
      at: now,
      from: item.status,
      to: step.to,
      note: step.note ?? null,
      actor: (ctx.caller.subject ?? ctx.caller.role).slice(0, 100),
    });
    return (await tx.findOneBy(RiskItem, { id }))!;
  });
}

/** Marks an OPEN dispute as settled (化解). */
export function resolveRiskItem(
  ctx: SubgraphContext,
  rawId: string,
  version?: number | null,
): Promise<RiskItem> {
  return riskStep(ctx, rawId, version, {
    rule: "risk-item-open",
    from: [RiskStatus.OPEN],
    to: RiskStatus.RESOLVED,
    verb: "resolved",
    changes: (now) => ({ resolvedAt: now }),
  });
}

/** Marks an OPEN dispute as sharpened (激化): what happened, and when. */
export function escalateRiskItem(
  ctx: SubgraphContext,
  rawId: string,
  version: number,
  whatHappened: string,
): Promise<RiskItem> {
  return riskStep(ctx, rawId, version, {
    rule: "risk-item-open",
    from: [RiskStatus.OPEN],
    to: RiskStatus.ESCALATED,
    verb: "escalated",
    changes: (now) => ({ escalatedAt: now, escalation: whatHappened }),
    note: whatHappened,
  });
}

/**
 * Opens a settled or sharpened dispute again, with the reason. Its settlement no longer holds
 * (resolvedAt is cleared; the history keeps it); what happened when it sharpened stays on record.
 */
export function reopenRiskItem(
  ctx: SubgraphContext,
  rawId: string,
  version: number,
  reason: string,
): Promise<RiskItem> {
  return riskStep(ctx, rawId, version, {
    rule: "risk-item-not-open",
    from: [RiskStatus.RESOLVED, RiskStatus.ESCALATED],
    to: RiskStatus.OPEN,
    verb: "reopened",
    changes: (now) => ({ resolvedAt: null, reopenedAt: now, reopenReason: reason }),
    note: reason,
  });
}
