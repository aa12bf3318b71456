import { In, type DataSource, type FindOptionsWhere } from "typeorm";
import { type PetitionCategory } from "../../../common/domain";
import { badInput, notFound, parseId, procedureViolation } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { RiskItem } from "../entities/risk-item";
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

/** Marks an OPEN dispute as settled (化解). */
export async function resolveRiskItem(db: DataSource, rawId: string, now: Date): Promise<RiskItem> {
  const itemId = parseId("id", rawId);
  const repo = db.getRepository(RiskItem);
  // Conditional on OPEN, so of two concurrent resolves only one changes the row.
  const result = await repo
    .createQueryBuilder()
    .update(RiskItem)
    .set({ status: RiskStatus.RESOLVED, resolvedAt: now })
    .where("id = :id AND status = :open", { id: itemId, open: RiskStatus.OPEN })
    .execute();
  const item = await repo.findOneBy({ id: itemId });
  if (!item) throw notFound("RiskItem", rawId);
  if (result.affected !== 1)
    throw procedureViolation(
      "risk-item-open",
      `risk item ${rawId} is ${item.status}: only an OPEN item can be resolved`,
    );
  return item;
}
