import { type Database } from "../common/db";
import {
  BLOCK,
  COMMON_FLOOR,
  encodeTerm,
  hitPage,
  searchClauses,
  searchSettings,
} from "../common/search";
import { openSubgraphDatabase } from "../common/server";
import { serviceCenter } from "../subgraphs/service-center";
import { OnlineMessage } from "../subgraphs/service-center/entities/online-message";
import { ServiceCenterSearchBits1734500000000 } from "../subgraphs/service-center/migrations/1734500000000-search-bits";
import { messageSearch } from "../subgraphs/service-center/services/search-index";
import { loadConfig } from "../common/config";
import { FixedClock } from "../common/time";
import { petitionSearch } from "../subgraphs/bureau/services/search-index";
import { dropTestDatabases, testDatabaseUrl } from "./support/databases";
import { startTestSystem, type TestSystem } from "./support/system";
import { messageRows } from "./support/messages";
import { transactionsAtOnce } from "./support/raw-transactions";

/**
 * The common tokens' block bitmaps (common/search/blocks.ts): a search whose every token is
 * common intersects them, and finds the records written since their block was sealed by their
 * recent postings. On hand-made messages in two blocks of ids.
 */
describe("the search's block bitmaps for common tokens", () => {
  let db: Database;
  const message = messageRows();
  const repo = () => db.dataSource.getRepository(OnlineMessage);
  const page = (text: string, first = 50, after?: string | null, exactCountLimit?: number) =>
    hitPage(db.dataSource, OnlineMessage, messageSearch, text, searchClauses(text), {
      first,
      after,
      exactCountLimit,
    });
  const found = async (text: string, first = 50) =>
    (await page(text, first)).hits.map((h) => Number(h.node.id));
  const count = async (
    text: string,
    exactCountLimit?: number,
    filter?: { from?: Date; to?: Date },
  ) =>
    (
      await hitPage(db.dataSource, OnlineMessage, messageSearch, text, searchClauses(text), {
        first: 1,
        exactCountLimit,
        filter,
      })
    ).count();
  /** The messages holding every word, newest first, as plain SQL over the records finds them. */
  const truth = async (...words: string[]) =>
    (
      await repo()
        .createQueryBuilder("m")
        .select("m.id", "id")
        .where(
          words
            .map((_, i) => `(INSTR(m.title, :w${i}) > 0 OR INSTR(m.content, :w${i}) > 0)`)
            .join(" AND "),
          Object.fromEntries(words.map((w, i) => [`w${i}`, w])),
        )
        .orderBy("m.posted_at", "DESC")
        .addOrderBy("m.id", "DESC")
        .getRawMany()
    ).map((r: { id: unknown }) => Number(r.id));
  const recentOf = async (id: number) =>
    Number(
      (
        await db.dataSource.query(
          `SELECT COUNT(*) AS n FROM ${messageSearch.recentTable} WHERE record_id = ?`,
          [id],
        )
      )[0].n,
    );
  /** The SQL statements `work` runs. */
  const sqlOf = async (work: () => Promise<unknown>): Promise<string[]> => {
    const driver = db.dataSource.driver;
    const create = driver.createQueryRunner.bind(driver);
    const seen: string[] = [];
    driver.createQueryRunner = (mode) => {
      const runner = create(mode);
      const query = runner.query.bind(runner);
      runner.query = ((sql: string, ...rest: unknown[]) => {
        seen.push(sql);
        return (query as (...a: unknown[]) => Promise<unknown>)(sql, ...rest);
      }) as typeof runner.query;
      return runner;
    };
    try {
      await work();
    } finally {
      driver.createQueryRunner = create;
    }
    return seen;
  };
  /** Writes or changes a message and its index entries in one transaction, as the service does. */
  const post = (title: string, content: string) =>
    db.dataSource.transaction(async (tx) => {
      const { identifiers } = await tx.getRepository(OnlineMessage).insert(message(title, content));
      const id = Number(identifiers[0].id);
      await messageSearch.refresh(tx, [id]);
      return id;
    });
  const edit = (id: number, title: string, content: string) =>
    db.dataSource.transaction(async (tx) => {
      await tx.getRepository(OnlineMessage).update({ id }, { title, content });
      await messageSearch.refresh(tx, [id]);
    });

  const many = COMMON_FLOOR + 5;
  let oldBoth: number;
  let newBoth: number;

  beforeAll(async () => {
    db = await openSubgraphDatabase(serviceCenter, testDatabaseUrl("search_bits"));
    // block 0: the oldest message holds two common words that meet nowhere else, then each word
    // alone in many messages; block 1 (ids from BLOCK on): the same again, fewer
    oldBoth = Number((await repo().insert(message("积水", "供暖井积水。"))).identifiers[0].id);
    for (const [title, content] of [
      ["道路积水", "第{}处道路积水,漫进地下室。"],
      ["冬季供暖", "第{}户供暖不热。"],
    ])
      for (let i = 0; i < many; i += 200)
        await repo().insert(
          Array.from({ length: Math.min(200, many - i) }, (_, j) =>
            // every eighth road also freezes in winter: 冬季 and 道路 meet in 3% of block 0
            message(
              title,
              content.replace("{}", String(i + j)) +
                (title === "道路积水" && (i + j) % 8 === 0 ? "冬季结冰。" : ""),
            ),
          ),
        );
    await repo().insert(message("积水", "道路积水。", BLOCK + 10));
    newBoth = Number((await repo().insert(message("积水", "供暖井积水。"))).identifiers[0].id);
    await repo().insert(message("供暖", "供暖不热。"));
    await serviceCenter.rebuildSearchIndex!(db.dataSource);
  });
  afterAll(async () => {
    searchSettings.exactCountLimit = 10_000;
    await db?.close();
    await dropTestDatabases();
  });

  it("keeps a bitmap per common token and block, and each block's time range", async () => {
    expect(newBoth).toBeGreaterThan(BLOCK);
    const rows: { block: unknown; bits: Buffer }[] = await db.dataSource.query(
      `SELECT block, bits FROM ${messageSearch.bitsTable} WHERE token = ? ORDER BY block`,
      [encodeTerm("供暖")],
    );
    expect(rows.map((r) => Number(r.block))).toEqual([0, 1]);
    const blocks: { block: unknown }[] = await db.dataSource.query(
      `SELECT block FROM ${messageSearch.blockTable} ORDER BY block`,
    );
    expect(blocks.map((b) => Number(b.block))).toEqual([0, 1]);
    // the common tokens have no postings, rare ones no bitmaps
    expect(
      await db.dataSource.query(`SELECT 1 FROM ${messageSearch.postingTable} WHERE token = ?`, [
        encodeTerm("供暖"),
      ]),
    ).toEqual([]);
  });

  it("finds where common words meet by the bitmaps, newest first, and counts exactly", async () => {
    expect(await truth("供暖", "积水")).toEqual([newBoth, oldBoth]);
    expect(await found("供暖 积水")).toEqual([newBoth, oldBoth]);
    expect(await found("积水 供暖井")).toEqual([newBoth, oldBoth]);
    expect(await count("供暖 积水")).toEqual({ total: 2, estimate: false });
    expect(await found("供暖 积水 量子")).toEqual([]);
  });

  it("finds records written since their block was sealed by their recent postings, and not what an edit took away", async () => {
    const fresh = await post("供暖积水", "小区供暖管道漏水,楼道积水。");
    expect(await recentOf(fresh)).toBeGreaterThan(0);
    expect(await found("供暖 积水")).toEqual([fresh, newBoth, oldBoth]);
    expect(await count("供暖 积水")).toEqual({ total: 3, estimate: false });

    // the bitmap of the oldest one's block still says it holds both words: its text says no
    await edit(oldBoth, "供暖井", "供暖井已修好。");
    expect(await found("供暖 积水")).toEqual([fresh, newBoth]);
    expect(await count("供暖 积水")).toEqual({ total: 2, estimate: false });
    // and a word an edit added is found at once
    await edit(oldBoth, "积水", "供暖井又积水。");
    expect(await found("供暖 积水")).toEqual([fresh, newBoth, oldBoth]);
    expect(await truth("供暖", "积水")).toEqual(await found("供暖 积水"));
  });

  it("seals the recent postings into the bitmaps, and finds the same", async () => {
    const before = await found("供暖 积水");
    expect(await messageSearch.seal(db.dataSource)).toBeGreaterThan(0);
    expect(
      Number(
        (await db.dataSource.query(`SELECT COUNT(*) AS n FROM ${messageSearch.recentTable}`))[0].n,
      ),
    ).toBe(0);
    expect(await found("供暖 积水")).toEqual(before);
    expect(await count("供暖 积水")).toEqual({ total: before.length, estimate: false });
    expect(await messageSearch.seal(db.dataSource)).toBe(0);
  });

  it.each([
    ["积水 道路", "meet in most records: the walk"],
    ["冬季 道路", "meet in few records: the bitmaps"],
  ])(
    "pages through common words' matches with no record twice and none left out (%s: %s)",
    async (text, way) => {
      const all = await truth(...text.split(" "));
      // the way taken: the bitmaps' candidates are checked by id, the walk reads the records in order
      const statements = await sqlOf(() => page(text, 50));
      expect(statements.some((q) => /_search_bits/.test(q))).toBe(true);
      const checkedById = (q: string) => q.includes("INSTR") && /\bid\W* IN \(/.test(q);
      expect(statements.some(checkedById)).toBe(way.endsWith("the bitmaps"));
      expect(all.length).toBeGreaterThan(100);
      const seen: number[] = [];
      let after: string | null = null;
      for (let i = 0; i < 30; i++) {
        const p = await page(text, 50, after);
        seen.push(...p.hits.map((h) => Number(h.node.id)));
        if (!p.hasNextPage) break;
        after = p.hits[p.hits.length - 1].cursor;
      }
      expect(seen.length).toBe(all.length);
      expect(new Set(seen)).toEqual(new Set(all));
      // past the ranked window, newest first: as the records' own order has them
      expect(seen.slice(50)).toEqual(all.filter((id) => seen.slice(50).includes(id)));
      expect(await count(text)).toEqual({ total: all.length, estimate: false });
    },
  );

  it("narrows the bitmaps' matches by date, town and category, and counts them", async () => {
    const all = await truth("冬季", "道路");
    const ids = all.slice(20, 90);
    const rows: { at: unknown }[] = await db.dataSource.query(
      `SELECT posted_at AS at FROM online_message WHERE id IN (?, ?) ORDER BY posted_at`,
      [ids[ids.length - 1], ids[0]],
    );
    const [from, to] = rows.map((r) => new Date(r.at as string | Date));
    const dated = await hitPage(
      db.dataSource,
      OnlineMessage,
      messageSearch,
      "冬季 道路",
      searchClauses("冬季 道路"),
      { first: 100, filter: { from, to } },
    );
    expect(new Set(dated.hits.map((h) => Number(h.node.id)))).toEqual(new Set(ids));
    expect(await dated.count()).toEqual({ total: ids.length, estimate: false });
    // no message here has a town: a town filter finds none of them, and counts none
    const town = await hitPage(
      db.dataSource,
      OnlineMessage,
      messageSearch,
      "冬季 道路",
      searchClauses("冬季 道路"),
      { first: 10, filter: { townId: 1 } },
    );
    expect(town.hits).toEqual([]);
    expect(await town.count()).toEqual({ total: 0, estimate: false });
    const category = await hitPage(
      db.dataSource,
      OnlineMessage,
      messageSearch,
      "冬季 道路",
      searchClauses("冬季 道路"),
      { first: 200, filter: { category: ["OTHER"] } },
    );
    expect(category.hits.length).toBe(all.length);
  });

  it("counts words of one or two characters from the index tables alone, exactly, in a date range too", async () => {
    const all = await truth("积水", "道路");
    const p = await page("积水 道路", 1, null, 100);
    const statements = db.statements.count;
    expect(await p.count()).toEqual({ total: all.length, estimate: false });
    // in one read transaction, the blocks, their bitmaps and the recent postings: no record is read
    expect(db.statements.count - statements).toBeLessThanOrEqual(10);
    const times: { at: unknown }[] = await db.dataSource.query(
      `SELECT posted_at AS at FROM online_message ORDER BY posted_at`,
    );
    const at = (i: number) => new Date(times[i].at as string | Date);
    const from = at(500);
    const to = at(times.length - 3);
    const inRange = await repo()
      .createQueryBuilder("m")
      .where("(INSTR(m.title, '积水') > 0 OR INSTR(m.content, '积水') > 0)")
      .andWhere("(INSTR(m.title, '道路') > 0 OR INSTR(m.content, '道路') > 0)")
      .andWhere("m.posted_at >= :from AND m.posted_at <= :to", {
        from: from.toISOString().replace("T", " ").replace("Z", ""),
        to: to.toISOString().replace("T", " ").replace("Z", ""),
      })
      .getCount();
    expect(inRange).toBeLessThan(all.length);
    expect(await count("积水 道路", undefined, { from, to })).toEqual({
      total: inRange,
      estimate: false,
    });
  });

  it("estimates a long word's count beyond three times the exact limit, flagged, and counts it exactly below", async () => {
    // 地下室 is asked for by its pairs, which a record may hold apart: the records are checked
    const all = (await truth("地下室")).length;
    expect(all).toBe(many);
    expect(await count("地下室")).toEqual({ total: all, estimate: false });
    const estimated = await count("地下室", 100);
    expect(estimated.estimate).toBe(true);
    expect(Math.abs(estimated.total - all)).toBeLessThan(all * 0.2);
  });

  it("counts a deleted record no more, before and after its block is sealed", async () => {
    const before = await count("供暖 积水");
    expect(before.total).toBe((await truth("供暖", "积水")).length);
    await db.dataSource.transaction(async (tx) => {
      await tx.getRepository(OnlineMessage).delete({ id: newBoth });
      await messageSearch.refresh(tx, [newBoth]);
    });
    expect(await count("供暖 积水")).toEqual({ total: before.total - 1, estimate: false });
    expect(await found("供暖 积水")).not.toContain(newBoth);
    await messageSearch.seal(db.dataSource);
    expect(await count("供暖 积水")).toEqual({ total: before.total - 1, estimate: false });
  });

  it("finds and counts a record whose block is sealed while the search reads the index", async () => {
    // a new record in a block never sealed: found by its recent postings until the seal, by the
    // block's bitmaps after; a search reading the block list before the seal and the recent
    // postings after it found neither (the reads are one read transaction now)
    const id = Number(
      (await repo().insert(message("积水", "供暖井积水。", 2 * BLOCK + 5))).identifiers[0].id,
    );
    await db.dataSource.transaction((tx) => messageSearch.refresh(tx, [id]));
    const mysql = db.dataSource.options.type === "mysql";
    const sealMidway = async <T>(work: () => Promise<T>): Promise<T> => {
      const driver = db.dataSource.driver;
      const create = driver.createQueryRunner.bind(driver);
      // the seal starts out here, outside the search's transaction, when the search says go
      let go!: () => void;
      const told = new Promise<void>((resolve) => (go = resolve));
      const sealed = told.then(() => messageSearch.seal(db.dataSource));
      let triggered = false;
      driver.createQueryRunner = (mode) => {
        const runner = create(mode);
        const query = runner.query.bind(runner);
        runner.query = (async (sql: string, ...rest: unknown[]) => {
          const result = await (query as (...a: unknown[]) => Promise<unknown>)(sql, ...rest);
          if (!triggered && sql.includes(messageSearch.blockTable)) {
            triggered = true;
            driver.createQueryRunner = create;
            go();
            // on MySQL the seal commits before the search reads on; on SQLite it waits for the
            // connection the search's transaction holds (read one by one, it slipped in between)
            if (mysql) await sealed;
            else await Promise.race([sealed, new Promise((r) => setTimeout(r, 300))]);
          }
          return result;
        }) as typeof runner.query;
        return runner;
      };
      try {
        return await work();
      } finally {
        driver.createQueryRunner = create;
        go();
        await sealed;
      }
    };
    expect(await sealMidway(() => found("供暖 积水"))).toContain(id);
    await db.dataSource.transaction(async (tx) => {
      await tx.getRepository(OnlineMessage).update({ id }, { content: "供暖井又积水。" });
      await messageSearch.refresh(tx, [id]);
    });
    const truthNow = (await truth("供暖", "积水")).length;
    expect(await sealMidway(() => count("供暖 积水"))).toEqual({
      total: truthNow,
      estimate: false,
    });
  });

  it("counts a record whose text holds forms that normalizing makes Chinese only as a page lists it", async () => {
    // ⽔ is the Kangxi radical (U+2F54), ㍻ the squared 平成: their terms hold 积水 and 平成,
    // their text, as the database reads it, may not; the page and the count must agree
    const radical = await post("供暖井", "供暖井积\u2f54。");
    const squared = await post("年号", "\u337b三十年的平成井。");
    for (const text of ["供暖 积水", "平成"]) {
      const listed = (await found(text, 200)).length;
      expect(listed).toBe((await truth(...text.split(" "))).length);
      expect(await count(text)).toEqual({ total: listed, estimate: false });
    }
    const marked: { id: unknown }[] = await db.dataSource.query(
      `SELECT record_id AS id FROM ${messageSearch.postingTable} WHERE token = '!' ORDER BY record_id`,
    );
    expect(marked.map((m) => Number(m.id))).toEqual([radical, squared]);
    await messageSearch.seal(db.dataSource);
    const listed = (await found("供暖 积水", 200)).length;
    expect(await count("供暖 积水")).toEqual({ total: listed, estimate: false });
  });

  it("seals while many writers post at once, and loses none of their records", async () => {
    const ids: number[] = [];
    let sealing = true;
    const sealer = (async () => {
      while (sealing) await messageSearch.seal(db.dataSource);
    })();
    const failures = await transactionsAtOnce(db.dataSource, 20, async (runner, i) => {
      const { identifiers } = await runner.manager
        .getRepository(OnlineMessage)
        .insert(message(`并发供暖${i}`, `并发留言第${i}条:供暖不热,地下室积水。`));
      const id = Number(identifiers[0].id);
      await new Promise((r) => setTimeout(r, 2));
      await messageSearch.refresh(runner.manager, [id]);
      ids.push(id);
    });
    sealing = false;
    await sealer;
    expect(failures).toEqual([]);
    const matches = await found("供暖 积水");
    for (const id of ids) expect(matches).toContain(id);
    await messageSearch.seal(db.dataSource);
    expect(await found("供暖 积水")).toEqual(matches);
    // ranked: the one holding the phrase 供暖积水 first, then the newest
    const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
    expect(sorted(await truth("供暖", "积水"))).toEqual(sorted(matches));
  });

  it("builds the bitmaps from the records stored when migrated, and drops them on the way down", async () => {
    const before = await found("供暖 积水");
    // this migration and any that came after it, newest first
    const since =
      serviceCenter.migrations.length -
      serviceCenter.migrations.indexOf(ServiceCenterSearchBits1734500000000);
    for (let i = 0; i < since; i++) await db.dataSource.undoLastMigration({ transaction: "each" });
    await expect(db.dataSource.query(`SELECT 1 FROM ${messageSearch.bitsTable}`)).rejects.toThrow();
    expect(await db.dataSource.runMigrations({ transaction: "each" })).toHaveLength(since);
    expect(await found("供暖 积水")).toEqual(before);
  });
});

describe("the subgraphs seal their search indexes while serving", () => {
  it("seals every SEARCH_SEAL_EVERY_S seconds: 300 unless given, off, at most a day", () => {
    expect(loadConfig({}).searchSealEveryMs).toBe(300_000);
    expect(loadConfig({ SEARCH_SEAL_EVERY_S: "off" }).searchSealEveryMs).toBe(0);
    expect(loadConfig({ SEARCH_SEAL_EVERY_S: "60" }).searchSealEveryMs).toBe(60_000);
    // beyond a timer's 32-bit delay Node would fire it every millisecond
    expect(() => loadConfig({ SEARCH_SEAL_EVERY_S: "2147484" })).toThrow("at most 86400");
    expect(() => loadConfig({ SEARCH_SEAL_EVERY_S: "0" })).toThrow("SEARCH_SEAL_EVERY_S");
  });

  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem({
      clock: new FixedClock(new Date("2018-01-15T02:00:00Z")),
      env: { SEARCH_SEAL_EVERY_S: "1" },
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("folds a registration's recent postings into the bitmaps within seconds, and finds it all along", async () => {
    const bureauDb = t.system.subgraphs.bureau!.database.dataSource;
    const recent = async (id: number) =>
      Number(
        (
          await bureauDb.query(
            `SELECT COUNT(*) AS n FROM ${petitionSearch.recentTable} WHERE record_id = ?`,
            [id],
          )
        )[0].n,
      );
    const res = await t
      .as("bureau")
      .query(
        `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id } }`,
        {
          input: {
            title: "玳瑁湾村道路积水",
            content: "玳瑁湾村道路积水,请求有关部门依法处理。",
            channel: "LETTER",
            source: "COUNTY_INTAKE",
            category: "OTHER",
            townId: "1",
            receivedAt: "2018-01-15T01:00:00Z",
            petitioners: [{ name: "孙八" }],
          },
        },
      );
    expect(res.errors).toBeUndefined();
    const id = Number((res.data as any).registerPetition.id);
    const hits = async () => {
      const r = await t
        .as("leader")
        .query(
          `query($text: String!) { search(text: $text) { petitionHits(first: 50) { totalCount edges { node { id } } } } }`,
          { text: "玳瑁湾" },
        );
      return (r.data as any).search.petitionHits;
    };
    // written in the registration's own transaction: its common tokens in the recent postings
    const written = await recent(id);
    expect(written).toBeGreaterThan(1);
    expect((await hits()).edges.map((e: any) => Number(e.node.id))).toEqual([id]);
    for (let waited = 0; (await recent(id)) > 0; waited += 100) {
      expect(waited).toBeLessThan(10_000);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await hits()).toEqual({ totalCount: 1, edges: [{ node: { id: String(id) } }] });
  });
});
