import type { DataSource } from "typeorm";
import { byTime, createOnce, keysetPage } from "../../../common/db";
import { type PetitionCategory } from "../../../common/domain";
import { badInput, conflict, parseId, parseIds, procedureViolation } from "../../../common/errors";
import { type GraphClient } from "../../../common/server";
import { boundedText } from "../../../common/text";
import { HotlineCall } from "../entities/hotline-call";
import { hotlineCallSearch } from "./search-index";
import { notInFuture, phoneNumber, version as versionOf } from "./validation";
import type { HotlineCallFilter } from "../entities/connections";
import { timeRange, type Page } from "./pages";
import { checkTown } from "./towns";

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
  if (filter.ids) {
    const ids = parseIds("filter.ids", filter.ids);
    if (ids.length) q.andWhere("c.id IN (:...ids)", { ids });
    else q.andWhere("1 = 0");
  }
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
    byTime("c", "received_at", (c) => c.receivedAt),
    first,
    after,
  );
}

export interface RecordCallInput {
  receivedAt: Date;
  summary: string;
  category: PetitionCategory;
  townId: string;
  callerPhone: string;
  idempotencyKey: string | null;
}

/**
 * 市长热线: a call as the clerk took it down. Everything is checked first, the town by asking
 * the graph, before the transaction opens (no network call inside one); then the call and its
 * search entry are stored together, once per idempotency key.
 */
export async function recordCall(
  db: DataSource,
  graph: GraphClient,
  input: RecordCallInput,
  now: Date,
): Promise<HotlineCall> {
  const fields = {
    receivedAt: notInFuture("input.receivedAt", input.receivedAt, now),
    summary: boundedText("input.summary", input.summary, 2, 2000),
    category: input.category,
    townId: parseId("input.townId", input.townId),
    callerPhone: phoneNumber("input.callerPhone", input.callerPhone),
  };
  await checkTown(graph, fields.townId, "input.townId");
  const id = await createOnce(db, input.idempotencyKey, "recordCall", fields, now, async (tx) => {
    // a copy: TypeORM writes the generated id and defaults back into what it inserts, and the
    // idempotency hash of a run again after a collision must see the input as it was
    const id = Number((await tx.insert(HotlineCall, { ...fields })).identifiers[0].id);
    // searchable once the call is acknowledged: the index commits with it
    await hotlineCallSearch.refresh(tx, [id]);
    return id;
  });
  return db.getRepository(HotlineCall).findOneByOrFail({ id });
}

/**
 * The service center's answer to a call, given once, on the version the clerk read. The
 * conditional UPDATE lets only one of two concurrent answers write, and only if no one changed
 * the call since it was read; the loser learns why from the row it then reads.
 */
export async function answerCall(
  db: DataSource,
  rawId: string,
  rawVersion: number,
  rawAnswer: string,
  now: Date,
): Promise<HotlineCall> {
  const id = parseId("id", rawId);
  const expected = versionOf("version", rawVersion);
  const answer = boundedText("answer", rawAnswer, 2, 5000);
  const result = await db
    .createQueryBuilder()
    .update(HotlineCall)
    .set({ answer, answeredAt: now, version: () => "version + 1" })
    .where("id = :id AND answered_at IS NULL AND version = :version", { id, version: expected })
    .execute();
  const call = await db.getRepository(HotlineCall).findOneBy({ id });
  if (!call) throw badInput("id", "no such hotline call");
  if (result.affected !== 1) {
    if (call.answeredAt !== null)
      throw procedureViolation(
        "call-answered-once",
        "this call has already been answered; a call is answered once",
      );
    throw conflict("HotlineCall", String(id), expected, call.version);
  }
  return call;
}
