import type { DataSource } from "typeorm";
import { parseId } from "../../../common/errors";
import { HotlineCall } from "../entities/hotline-call";
import type { HotlineCallFilter } from "../entities/connections";
import { keysetPage, timeRange, type Page } from "./pages";

/** 市长热线 calls, newest first: the latest `size` of them. */
export function latestHotlineCalls(db: DataSource, size: number): Promise<HotlineCall[]> {
  return db
    .getRepository(HotlineCall)
    .createQueryBuilder("c")
    .orderBy("c.received_at", "DESC")
    .addOrderBy("c.id", "DESC")
    .limit(size)
    .getMany();
}

function filteredCalls(db: DataSource, filter: HotlineCallFilter | null | undefined) {
  const q = db.getRepository(HotlineCall).createQueryBuilder("c").where("1 = 1");
  if (!filter) return q;
  timeRange(
    q,
    "c.received_at",
    "filter.receivedFrom",
    filter.receivedFrom,
    "filter.receivedTo",
    filter.receivedTo,
  );
  if (filter.category?.length)
    q.andWhere("c.category IN (:...category)", { category: filter.category });
  if (filter.townId != null)
    q.andWhere("c.town_id = :townId", { townId: parseId("filter.townId", filter.townId) });
  if (filter.answered === true) q.andWhere("c.answered_at IS NOT NULL");
  if (filter.answered === false) q.andWhere("c.answered_at IS NULL");
  return q;
}

/** A page of calls, newest received first, with the filter's total. */
export function hotlineCallPage(
  db: DataSource,
  filter: HotlineCallFilter | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<Page<HotlineCall>> {
  return keysetPage(
    () => filteredCalls(db, filter),
    "c",
    "received_at",
    (c) => c.receivedAt,
    first,
    after,
  );
}
