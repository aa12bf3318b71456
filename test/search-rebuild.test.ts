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
  const onMysql = !!process.env.TEST_MYSQL_URL;
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
    const key = onMysql ? "record_id" : "rowid";
    const indexed: { id: unknown; words: string }[] = await db.dataSource.query(
      `SELECT ${key} AS id, words FROM ${messageSearch.indexTable}`,
    );
    const words = new Map(indexed.map((r) => [Number(r.id), r.words]));
    expect(words.size).toBe(stored.length);
    for (const m of stored)
      expect(words.get(Number(m.id))).toBe(encodeDocument([m.title, m.content]));
  });

  // SQLite's rebuild is one transaction: it leaves nothing behind, and runs one at a time
  if (!onMysql)
    describe("on SQLite", () => {
      it("runs two rebuilds asked for at once one after the other, and uses neither the state nor the notes", async () => {
        await Promise.all([
          messageSearch.rebuild(db.dataSource),
          messageSearch.rebuild(db.dataSource),
        ]);
        expect(await counted("供暖")).toBe((await truth("供暖")).length);
        expect(await db.dataSource.query(`SELECT * FROM ${messageSearch.stateTable}`)).toEqual([]);
        expect(await db.dataSource.query(`SELECT * FROM ${messageSearch.dirtyTable}`)).toEqual([]);
      });
    });

  // each engine's run has the tests of its own rebuild (CI runs both)
  if (onMysql)
    describe("on MySQL, what a rebuild leaves", () => {
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
      /** A message written with its index entries, or (`unindexed`) as a rebuild killed after its swap leaves it: in the table, noted, not indexed. */
      const posted = async (content: string, unindexed = false) => {
        if (!unindexed)
          return write(async (m) => {
            const { identifiers } = await m
              .getRepository(OnlineMessage)
              .insert(message("供暖", content));
            return Number(identifiers[0].id);
          });
        const { identifiers } = await repo().insert(message("供暖", content));
        await db.dataSource.query(
          `INSERT INTO ${messageSearch.dirtyTable} (record_id) VALUES (?)`,
          [Number(identifiers[0].id)],
        );
      };
      const startedState = () =>
        db.dataSource.query(
          `INSERT INTO ${messageSearch.stateTable} (id, started_at) VALUES (1, NOW(3))`,
        );

      it("nothing: no copy, no note, no rebuild under way", async () => {
        expect(await state()).toBe(0);
        expect(await leftovers()).toEqual([]);
        expect(await notes()).toBe(0);
      });

      it("runs one rebuild at a time: a second one at once is refused, and the first completes", async () => {
        const both = await Promise.allSettled([
          messageSearch.rebuild(db.dataSource),
          messageSearch.rebuild(db.dataSource),
        ]);
        expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const refused = both.find((r): r is PromiseRejectedResult => r.status === "rejected");
        expect(String(refused?.reason)).toMatch(/already under way/);
        expect(await leftovers()).toEqual([]);
        expect(await state()).toBe(0);
        expect(await counted("供暖")).toBe((await truth("供暖")).length);
      });

      it("one killed: the next seal ends it (indexes what was noted, writers stop noting), unless a rebuild runs", async () => {
        // killed before its swap: the state left on, so every write notes its record
        await startedState();
        await posted("庚子号楼供暖不热。");
        expect(await notes()).toBe(1);
        // killed after its swap: a record noted but never indexed into the live tables
        await posted("庚丑号楼供暖不热。", true);
        expect(await found("庚丑")).toEqual([]);

        // while a rebuild holds the lock, a seal leaves its state and notes alone
        const other = db.dataSource.createQueryRunner();
        try {
          await other.query("SELECT GET_LOCK(?, 0)", [`search_rebuild:${messageSearch.table}`]);
          await messageSearch.seal(db.dataSource);
          expect(await state()).toBe(1);
          expect(await notes()).toBe(2);
        } finally {
          await other.query("SELECT RELEASE_LOCK(?)", [`search_rebuild:${messageSearch.table}`]);
          await other.release();
        }
        await messageSearch.seal(db.dataSource);
        expect(await state()).toBe(0);
        expect(await notes()).toBe(0);
        expect(await found("庚子")).toEqual(await truth("庚子"));
        expect(await found("庚丑")).toEqual(await truth("庚丑"));
        expect((await truth("庚丑")).length).toBe(1);
        await posted("庚寅号楼供暖不热。");
        expect(await notes()).toBe(0);
      });

      it("one cut short, copies and all: the next rebuild drops them and ends it", async () => {
        await db.dataSource.query(
          `CREATE TABLE ${messageSearch.indexTable}_next LIKE ${messageSearch.indexTable}`,
        );
        await db.dataSource.query(
          `CREATE TABLE ${messageSearch.termsTable}_old LIKE ${messageSearch.termsTable}`,
        );
        await startedState();
        await posted("庚卯号楼供暖不热。");
        expect(await notes()).toBe(1);
        await messageSearch.rebuild(db.dataSource);
        expect(await leftovers()).toEqual([]);
        expect(await state()).toBe(0);
        expect(await notes()).toBe(0);
        expect(await found("庚卯")).toEqual(await truth("庚卯"));
        expect((await truth("庚卯")).length).toBe(1);
      });
    });
});
