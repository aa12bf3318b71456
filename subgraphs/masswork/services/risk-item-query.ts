import { type DataSource, type SelectQueryBuilder } from "typeorm";
import { byTime, keysetPage, sqlTime } from "../../../common/db";
import { badInput, parseId } from "../../../common/errors";
import { RiskItem } from "../entities/risk-item";
import type { RiskItemConnection, RiskItemFilter } from "../entities/risk-item-connection";

function filtered(
  db: DataSource,
  filter: RiskItemFilter | null | undefined,
): SelectQueryBuilder<RiskItem> {
  const q = db.getRepository(RiskItem).createQueryBuilder("r");
  if (!filter) return q;
  if (filter.townId != null)
    q.andWhere("r.town_id = :townId", { townId: parseId("filter.townId", filter.townId) });
  if (filter.category?.length)
    q.andWhere("r.category IN (:...category)", { category: filter.category });
  if (filter.status?.length) q.andWhere("r.status IN (:...status)", { status: filter.status });
  if (filter.reportedFrom && filter.reportedTo && filter.reportedFrom > filter.reportedTo)
    throw badInput("filter.reportedFrom", "is after filter.reportedTo");
  if (filter.reportedFrom)
    q.andWhere("r.reported_at >= :from", { from: sqlTime(filter.reportedFrom) });
  if (filter.reportedTo) q.andWhere("r.reported_at <= :to", { to: sqlTime(filter.reportedTo) });
  return q;
}

/**
 * A page of 矛盾隐患, newest reported first. Keyset pagination on (reported_at, id), over the
 * index of those two columns: one statement per page whatever its size, and one more for
 * `totalCount` only when it is asked for.
 */
export function riskItemPage(
  db: DataSource,
  filter: RiskItemFilter | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<RiskItemConnection> {
  return keysetPage(
    () => filtered(db, filter),
    byTime("r", "reported_at", (r) => r.reportedAt),
    first,
    after,
  );
}
