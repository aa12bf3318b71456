import { Brackets, type DataSource, type SelectQueryBuilder } from "typeorm";
import { byTime, keysetPage, sqlTime } from "../../../common/db";
import { badInput, parseId, parseIds } from "../../../common/errors";
import { Petition } from "../entities/petition";
import type { PetitionConnection, PetitionFilter } from "../entities/petition-connection";
import { petitionTotal } from "./petition-total";

function isUnfiltered(filter: PetitionFilter | null | undefined): boolean {
  return !filter || Object.values(filter).every((v) => v === null || v === undefined);
}

function filtered(
  db: DataSource,
  filter: PetitionFilter | null | undefined,
  now: Date,
): SelectQueryBuilder<Petition> {
  const q = db.getRepository(Petition).createQueryBuilder("p");
  if (!filter) return q;
  if (filter.status?.length) q.andWhere("p.status IN (:...status)", { status: filter.status });
  if (filter.category?.length)
    q.andWhere("p.category IN (:...category)", { category: filter.category });
  if (filter.channel?.length) q.andWhere("p.channel IN (:...channel)", { channel: filter.channel });
  if (filter.townId != null)
    q.andWhere("p.town_id = :townId", { townId: parseId("filter.townId", filter.townId) });
  if (filter.receivedFrom && filter.receivedTo && filter.receivedFrom > filter.receivedTo)
    throw badInput("filter.receivedFrom", "is after filter.receivedTo");
  if (filter.receivedFrom)
    q.andWhere("p.received_at >= :from", { from: sqlTime(filter.receivedFrom) });
  if (filter.receivedTo) q.andWhere("p.received_at <= :to", { to: sqlTime(filter.receivedTo) });
  if (filter.overdue === true) q.andWhere("p.current_deadline < :now", { now: sqlTime(now) });
  if (filter.overdue === false)
    q.andWhere(
      new Brackets((b) =>
        b
          .where("p.current_deadline IS NULL")
          .orWhere("p.current_deadline >= :now", { now: sqlTime(now) }),
      ),
    );
  if (filter.ids) {
    const ids = parseIds("filter.ids", filter.ids);
    if (ids.length) q.andWhere("p.id IN (:...ids)", { ids });
    else q.andWhere("1 = 0");
  }
  return q;
}

/**
 * A page of petitions, newest received first. Keyset pagination on (received_at, id), so a
 * deep page costs what the first one does: one statement, whatever the page size, and one more
 * for `totalCount` only when it is asked for (counting a large table costs more than the page).
 */
export function petitionPage(
  db: DataSource,
  filter: PetitionFilter | null | undefined,
  first: number,
  after: string | null | undefined,
  now: Date,
): Promise<PetitionConnection> {
  return keysetPage(
    () => filtered(db, filter, now),
    byTime("p", "received_at", (p) => p.receivedAt),
    first,
    after,
    () => (isUnfiltered(filter) ? petitionTotal(db) : filtered(db, filter, now).getCount()),
  );
}
