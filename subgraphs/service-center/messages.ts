import type { DataSource } from "typeorm";
import { badInput, once, parseId, procedureViolation, type PetitionCategory, boundedText, isUniqueViolation } from "../../common";
import { OnlineMessage } from "./entities/online-message";
import { optionalPhone, optionalText } from "./validation";

export interface PostMessageInput {
  title: string;
  content: string;
  category: PetitionCategory;
  idempotencyKey?: string | null;
  authorName?: string | null;
  authorPhone?: string | null;
}

/** 网络留言: checks the message, then stores it once per idempotency key. */
export async function postMessage(db: DataSource, input: PostMessageInput, now: Date): Promise<OnlineMessage> {
  const fields = {
    title: boundedText("title", input.title, 2, 100),
    content: boundedText("content", input.content, 5, 5000),
    category: input.category,
    authorName: optionalText("authorName", input.authorName, 1, 50),
    authorPhone: optionalPhone("authorPhone", input.authorPhone),
  };
  const attempt = () =>
    db.transaction(async (tx) => {
      const id = await once(
        tx,
        input.idempotencyKey,
        "postMessage",
        fields,
        async () => (await tx.insert(OnlineMessage, { ...fields, postedAt: now })).identifiers[0].id as number,
        now,
      );
      return (await tx.findOneByOrFail(OnlineMessage, { id }));
    });
  try {
    return await attempt();
  } catch (e) {
    // A concurrent first use of the same key won the key's row: answer as a replay would.
    if (input.idempotencyKey && isUniqueViolation(e)) return attempt();
    throw e;
  }
}

/**
 * A unit's reply, given once: the conditional UPDATE lets only one of two concurrent replies
 * write, and the loser learns it from the affected rows.
 */
export async function replyToMessage(db: DataSource, rawId: string, rawText: string, rawUnit: string, now: Date): Promise<OnlineMessage> {
  const id = parseId("id", rawId);
  const text = boundedText("text", rawText, 2, 5000);
  const unit = boundedText("unit", rawUnit, 2, 100);
  const result = await db
    .createQueryBuilder()
    .update(OnlineMessage)
    .set({ replyText: text, replyUnit: unit, repliedAt: now })
    .where("id = :id AND reply_text IS NULL", { id })
    .execute();
  const message = await db.getRepository(OnlineMessage).findOneBy({ id });
  if (!message) throw badInput("id", "no such message");
  if (result.affected !== 1) throw procedureViolation("message-replied-once", "this message has already been replied to; a reply is given once");
  return message;
}
