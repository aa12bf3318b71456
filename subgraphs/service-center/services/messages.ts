import type { DataSource } from "typeorm";
import { byTime, createOnce, keysetPage } from "../../../common/db";
import { type PetitionCategory } from "../../../common/domain";
import { boundedText } from "../../../common/text";
import { badInput, parseId, parseIds, procedureViolation } from "../../../common/errors";
import { type Caller } from "../../../common/auth";
import { OnlineMessage } from "../entities/online-message";
import { messageSearch } from "./search-index";
import { optionalPhone, optionalText } from "./validation";
import { scopeToCaller } from "./visibility";
import type { OnlineMessageFilter } from "../entities/connections";
import { timeRange, type Page } from "./pages";
import { type GraphClient } from "../../../common/server";
import { checkTown } from "./towns";

export interface PostMessageInput {
  title: string;
  content: string;
  category: PetitionCategory;
  idempotencyKey?: string | null;
  authorName?: string | null;
  authorPhone?: string | null;
  /** the signed-in citizen posting it */
  authorSubject: string | null;
  /** masswork's town the message is about, if the author gives one */
  townId?: string | null;
}

/**
 * 网络留言: checks the message (the town, if given, by asking the graph before the transaction
 * opens), then stores it once per idempotency key.
 */
export async function postMessage(
  db: DataSource,
  graph: GraphClient,
  input: PostMessageInput,
  now: Date,
): Promise<OnlineMessage> {
  const townId = input.townId != null ? parseId("townId", input.townId) : null;
  const fields = {
    title: boundedText("title", input.title, 2, 100),
    content: boundedText("content", input.content, 5, 5000),
    category: input.category,
    authorName: optionalText("authorName", input.authorName, 1, 50),
    authorPhone: optionalPhone("authorPhone", input.authorPhone),
    authorSubject: input.authorSubject,
    // absent rather than null when not given, so that keys sent before towns replay the same
    ...(townId !== null ? { townId } : {}),
  };
  if (townId !== null) await checkTown(graph, townId, "townId");
  const id = await createOnce(db, input.idempotencyKey, "postMessage", fields, now, async (tx) => {
    const id = Number(
      (await tx.insert(OnlineMessage, { ...fields, postedAt: now })).identifiers[0].id,
    );
    // searchable once the post returns: the index commits with the message
    await messageSearch.refresh(tx, [id]);
    return id;
  });
  return db.getRepository(OnlineMessage).findOneByOrFail({ id });
}

/**
 * A unit's reply, given once: the conditional UPDATE lets only one of two concurrent replies
 * write, and the loser learns it from the affected rows.
 */
export async function replyToMessage(
  db: DataSource,
  rawId: string,
  rawText: string,
  rawUnit: string,
  now: Date,
): Promise<OnlineMessage> {
  const id = parseId("id", rawId);
  const text = boundedText("text", rawText, 2, 5000);
  const unit = boundedText("unit", rawUnit, 2, 100);
  const result = await db.transaction(async (tx) => {
    const update = await tx
      .createQueryBuilder()
      .update(OnlineMessage)
      .set({ replyText: text, replyUnit: unit, repliedAt: now })
      .where("id = :id AND reply_text IS NULL", { id })
      .execute();
    // the reply is searchable once this returns
    if (update.affected === 1) await messageSearch.refresh(tx, [id]);
    return update;
  });
  const message = await db.getRepository(OnlineMessage).findOneBy({ id });
  if (!message) throw badInput("id", "no such message");
  if (result.affected !== 1)
    throw procedureViolation(
      "message-replied-once",
      "this message has already been replied to; a reply is given once",
    );
  return message;
}

/**
 * The latest `size` messages the caller may see, newest first; only replied ones when `replied`
 * is true, only unreplied ones when it is false.
 */
export function latestMessages(
  db: DataSource,
  caller: Caller,
  replied: boolean | null | undefined,
  size: number,
): Promise<OnlineMessage[]> {
  const q = scopeToCaller(
    db.getRepository(OnlineMessage).createQueryBuilder("m").where("1 = 1"),
    "m",
    caller,
  );
  if (replied === true) q.andWhere("m.replied_at IS NOT NULL");
  if (replied === false) q.andWhere("m.replied_at IS NULL");
  return q.orderBy("m.posted_at", "DESC").addOrderBy("m.id", "DESC").limit(size).getMany();
}

function filteredMessages(
  db: DataSource,
  caller: Caller,
  filter: OnlineMessageFilter | null | undefined,
) {
  const q = scopeToCaller(
    db.getRepository(OnlineMessage).createQueryBuilder("m").where("1 = 1"),
    "m",
    caller,
  );
  if (!filter) return q;
  timeRange(
    q,
    "m.posted_at",
    "filter.postedFrom",
    filter.postedFrom,
    "filter.postedTo",
    filter.postedTo,
  );
  if (filter.category?.length)
    q.andWhere("m.category IN (:...category)", { category: filter.category });
  if (filter.replied === true) q.andWhere("m.replied_at IS NOT NULL");
  if (filter.replied === false) q.andWhere("m.replied_at IS NULL");
  if (filter.townId != null)
    q.andWhere("m.town_id = :townId", { townId: parseId("filter.townId", filter.townId) });
  if (filter.ids) {
    const ids = parseIds("filter.ids", filter.ids);
    if (ids.length) q.andWhere("m.id IN (:...ids)", { ids });
    else q.andWhere("1 = 0");
  }
  return q;
}

/** A page of the messages the caller may see, newest posted first, with the filter's total. */
export function messagePage(
  db: DataSource,
  caller: Caller,
  filter: OnlineMessageFilter | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<Page<OnlineMessage>> {
  return keysetPage(
    () => filteredMessages(db, caller, filter),
    byTime("m", "posted_at", (m) => m.postedAt),
    first,
    after,
  );
}
