import type { DataSource } from "typeorm";
import { containsPattern, searchText } from "../../common";
import { HotlineCall } from "./entities/hotline-call";
import { OnlineMessage } from "./entities/online-message";

// The escape character is bound as a parameter: a backslash literal is written differently in
// SQLite ('\') and MySQL ('\\'), a parameter means the same to both.
const ESCAPE = "\\";

/** Messages whose title, content or reply contains the text, newest first. */
export function searchMessages(db: DataSource, rawText: string, first: number): Promise<OnlineMessage[]> {
  const text = searchText(rawText);
  if (!text || first === 0) return Promise.resolve([]);
  return db
    .getRepository(OnlineMessage)
    .createQueryBuilder("m")
    .where("(m.title LIKE :p ESCAPE :e OR m.content LIKE :p ESCAPE :e OR m.reply_text LIKE :p ESCAPE :e)", { p: containsPattern(text), e: ESCAPE })
    .orderBy("m.posted_at", "DESC")
    .addOrderBy("m.id", "DESC")
    .limit(first)
    .getMany();
}

/** Hotline calls whose summary contains the text, newest first. */
export function searchHotlineCalls(db: DataSource, rawText: string, first: number): Promise<HotlineCall[]> {
  const text = searchText(rawText);
  if (!text || first === 0) return Promise.resolve([]);
  return db
    .getRepository(HotlineCall)
    .createQueryBuilder("c")
    .where("c.summary LIKE :p ESCAPE :e", { p: containsPattern(text), e: ESCAPE })
    .orderBy("c.received_at", "DESC")
    .addOrderBy("c.id", "DESC")
    .limit(first)
    .getMany();
}
