import type { EntityManager } from "typeorm";
import { type Database } from "../common/db";
import { COMMON_FLOOR, encodeDocument, hitPage, searchClauses } from "../common/search";
import { openSubgraphDatabase } from "../common/server";
import { serviceCenter } from "../subgraphs/service-center";
import { OnlineMessage } from "../subgraphs/service-center/entities/online-message";
import { messageSearch } from "../subgraphs/service-center/services/search-index";
import { dropTestDatabases, testDatabaseUrl } from "./support/databases";
import { messageRows } from "./support/messages";

/**
 * `npm run search:rebuild` while the subgraph serves: writers keep posting, editing and deleting
 * records during the rebuild, and afterwards the index holds every record as it is stored, the
 * ones written meanwhile included (on MySQL the rebuild fills a copy of the index's tables and
 * swaps it in; on SQLite it is one transaction the writers wait for).
 */
describe("rebuilding the search index while writers write", () => {
  let db: Database;
  const message = messageRows();
  const mysql = () => db.dataSource.options.type === "mysql";
  const repo = () => db.dataSource.getRepository(OnlineMessage);
  const found = async (text: string) =>
    (
      await hitPage(db.dataSource, OnlineMessage, messageSearch, text, searchClauses(text), {
        first: 100,
      })
    ).hits
      .map((h) => Number(h.node.id))
      .sort((a, b) => a - b);
  const counted = async (text: string) =>
    (
      await (
        await hitPage(db.dataSource, OnlineMessage, messageSearch, text, searchClauses(text), {
          first: 1,
        })
      ).count()
    ).total;
  /** The messages whose title or content holds the word, as plain SQL over the records finds them. */
  const truth = async (word: string) =>
    (
      await repo()
        .createQueryBuilder("m")
        .select("m.id", "id")
        .where("INSTR(m.title, :w) > 0 OR INSTR(m.content, :w) > 0", { w: word })
        .getRawMany()
    )
      .map((r: { id: unknown }) => Number(r.id))
      .sort((a, b) => a - b);

  /**
   * One writer's transaction, as the services write: the record, then its index entries. (With
   * the project's deadlock retries: two writers editing records next to each other can deadlock
   * on the postings' gap locks, with or without a rebuild, and are run again.)
   */
  const write = (work: (manager: EntityManager) => Promise<number>) =>
    db.dataSource.transaction(async (tx) => {
      const id = await work(tx);
      await messageSearch.refresh(tx, [id]);
    });
  const WRITERS = "甲乙丙丁戊己";
  const MARKS = "子丑寅卯辰巳午未申酉戌亥";

  beforeAll(async () => {
    db = await openSubgraphDatabase(serviceCenter, testDatabaseUrl("search_rebuild"));
    // 供暖 in more than COMMON_FLOOR messages: a common token, in the bitmaps
    for (let i = 0; i < COMMON_FLOOR + 100; i += 200)
      await repo().insert(
        Array.from({ length: 200 }, (_, j) => message("冬季供暖", `第${i + j}户供暖不热。`)),
      );
    await messageSearch.rebuild(db.dataSource);
  });
  afterAll(async () => {
    await db?.close();
    await dropTestDatabases();
  });

  it("keeps every record posted, edited or deleted during rebuilds, and nothing else", async () => {
    let rebuilding = true;
    let during = 0;
    const failures: string[] = [];
    const writer = async (w: number) => {
      const mine: number[] = [];
      for (let i = 0; rebuilding || i < 5; i++) {
        const mark = `${WRITERS[w]}${MARKS[i % MARKS.length]}`;
        const op = i % 5;
        try {
          if (op === 3 && mine.length) {
            // an edit takes the record's mark away and gives it another
            const id = mine[i % mine.length];
            await write(async (m) => {
              await m
                .getRepository(OnlineMessage)
                .update({ id }, { content: `${mark}号改:供暖已修。` });
              return id;
            });
          } else if (op === 4 && mine.length > 2) {
            const id = mine.shift()!;
            await write(async (m) => {
              await m.getRepository(OnlineMessage).delete({ id });
              return id;
            });
          } else {
            await write(async (m) => {
              const { identifiers } = await m
                .getRepository(OnlineMessage)
                .insert(message("供暖", `${mark}号楼供暖不热。`));
              const id = Number(identifiers[0].id);
              mine.push(id);
              return id;
            });
          }
          if (rebuilding) during++;
        } catch (e) {
          failures.push((e as Error).message);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const writers = Array.from({ length: WRITERS.length }, (_, w) => writer(w));
    // three rebuilds at least, and for two seconds at least, one after the other
    const until = Date.now() + 2_000;
    for (let round = 0; round < 3 || Date.now() < until; round++) {
      await messageSearch.rebuild(db.dataSource);
      // on SQLite the rebuild's statements never leave the microtask queue: let the writers in
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    rebuilding = false;
    await Promise.all(writers);
    expect(failures).toEqual([]);
    expect(during).toBeGreaterThan(30);

    for (const w of WRITERS)
      for (const m of MARKS) expect(await found(`${w}${m}`)).toEqual(await truth(`${w}${m}`));
    expect(await counted("已修")).toBe((await truth("已修")).length);
    expect(await counted("供暖")).toBe((await truth("供暖")).length);
    // each record's indexed words are its text's, and no record is indexed that is not stored
    const stored = await repo().find({ select: { id: true, title: true, content: true } });
    const key = mysql() ? "record_id" : "rowid";
    const indexed: { id: unknown; words: string }[] = await db.dataSource.query(
      `SELECT ${key} AS id, words FROM ${messageSearch.indexTable}`,
    );
    const words = new Map(indexed.map((r) => [Number(r.id), r.words]));
    expect(words.size).toBe(stored.length);
    for (const m of stored)
      expect(words.get(Number(m.id))).toBe(encodeDocument([m.title, m.content]));
  });

  it("leaves no copy, no note and no rebuild under way behind (MySQL), and cleans up after one cut short", async () => {
    if (!mysql()) {
      // SQLite rebuilds in one transaction: nothing to leave behind, and the tables are there
      expect(await db.dataSource.query(`SELECT * FROM ${messageSearch.stateTable}`)).toEqual([]);
      return;
    }
    const leftovers = async () =>
      (
        await db.dataSource.query(
          `SELECT table_name AS name FROM information_schema.tables
           WHERE table_schema = DATABASE() AND (table_name LIKE '%\\_next' OR table_name LIKE '%\\_old')`,
        )
      ).map((r: { name: string }) => r.name);
    const state = async () =>
      (await db.dataSource.query(`SELECT id FROM ${messageSearch.stateTable}`)).length;
    const notes = async () =>
      Number(
        (await db.dataSource.query(`SELECT COUNT(*) AS n FROM ${messageSearch.dirtyTable}`))[0].n,
      );
    expect(await leftovers()).toEqual([]);
    expect(await state()).toBe(0);
    expect(await notes()).toBe(0);

    // a rebuild cut short: its copy half made, the state left on, notes written since
    await db.dataSource.query(
      `CREATE TABLE ${messageSearch.indexTable}_next LIKE ${messageSearch.indexTable}`,
    );
    await db.dataSource.query(
      `CREATE TABLE ${messageSearch.termsTable}_old LIKE ${messageSearch.termsTable}`,
    );
    await db.dataSource.query(
      `INSERT INTO ${messageSearch.stateTable} (id, started_at) VALUES (1, NOW(3))`,
    );
    await write(async (m) => {
      const { identifiers } = await m
        .getRepository(OnlineMessage)
        .insert(message("供暖", "庚子号楼供暖不热。"));
      return Number(identifiers[0].id);
    });
    expect(await notes()).toBe(1);
    expect(await found("庚子")).toEqual(await truth("庚子"));

    await messageSearch.rebuild(db.dataSource);
    expect(await leftovers()).toEqual([]);
    expect(await state()).toBe(0);
    expect(await notes()).toBe(0);
    expect(await found("庚子")).toEqual(await truth("庚子"));
    expect((await truth("庚子")).length).toBe(1);
  });
});
