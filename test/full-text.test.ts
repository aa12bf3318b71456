import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { In } from "typeorm";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "../common/db";
import {
  documentTerms,
  encodeDocument,
  encodeTerm,
  requiredQuery,
  searchClauses,
} from "../common/search";
import { openSubgraphDatabase } from "../common/server";
import { serviceCenter } from "../subgraphs/service-center";
import { HotlineCall } from "../subgraphs/service-center/entities/hotline-call";
import { OnlineMessage } from "../subgraphs/service-center/entities/online-message";
import { ServiceCenterSearchIndex1733000000000 } from "../subgraphs/service-center/migrations/1733000000000-search-index";
import {
  hotlineCallSearch,
  messageSearch,
} from "../subgraphs/service-center/services/search-index";
import { dropTestDatabases, mysqlBase, testDatabaseUrl } from "./support/databases";

/** Everything an engine query may hold besides encoded terms: the operators built around them. */
const OPERATORS = /"q[0-9a-z]+"|\+?q[0-9a-z]+|\bAND\b|\bOR\b|[()+ ]/g;

describe("terms and their encoding", () => {
  it("encodes every term as 4 to 84 characters of [0-9a-z], within the bounds of a default InnoDB server", () => {
    const terms = documentTerms(
      "5·18 拆迁 a_b XF2017-000042 " + "超长".repeat(40) + " " + "z".repeat(300),
    );
    expect(terms).toEqual(
      expect.arrayContaining(["5", "18", "5·18", "拆迁", "拆", "a_b", "xf2017-000042", "000042"]),
    );
    for (const term of terms) expect(encodeTerm(term)).toMatch(/^q[0-9a-z]{3,83}$/);
    // three base-36 digits per character: 5 is U+0035, 拆 U+62C6 and 迁 U+8FC1
    expect(encodeTerm("5")).toBe("q01h");
    expect(encodeTerm("拆迁")).toBe("qjiese9");
    expect(encodeTerm("😀")).toBe("qy1t5s");
    // a long term keeps its first 27 characters
    expect(encodeTerm("超长".repeat(40))).toBe(encodeTerm("超长".repeat(40).slice(0, 27)));
  });

  it("builds the engine's query from encoded terms alone, whatever the text", () => {
    const hostile = [
      `"拆迁" OR 1=1 --`,
      "MATCH(words) AGAINST('+x')",
      "NEAR(a b) words:拆迁 ^拆 *",
      "-补偿 +拆迁 ~x <y >z",
      "\\'\"`;",
    ];
    for (const text of hostile)
      for (const engine of ["sqlite", "mysql"] as const) {
        const query = requiredQuery(engine, searchClauses(text));
        expect(query.replace(OPERATORS, "")).toBe("");
      }
    expect(searchClauses(`"*" - + ( ) ~ % _ ; '`)).toEqual([]);
  });

  it("asks for a long word's character pairs where the record may have been cut differently", () => {
    expect(searchClauses("西环教委家属楼")).toEqual([
      { term: "西环", orAll: [] },
      { term: "教委", orAll: [] },
      { term: "家属楼", orAll: ["家属", "属楼"] },
    ]);
    expect(searchClauses("拖欠工资")).toEqual([{ term: "拖欠工资", orAll: ["拖欠", "工资"] }]);
    expect(requiredQuery("sqlite", searchClauses("家属楼"))).toBe(
      `"${encodeTerm("家属")}" AND "${encodeTerm("属楼")}"`,
    );
    expect(requiredQuery("mysql", searchClauses("家属楼 拆迁"))).toBe(
      `+${encodeTerm("家属")} +${encodeTerm("属楼")} +${encodeTerm("拆迁")}`,
    );
  });
});

describe("the full-text index in the database", () => {
  const opened: Database[] = [];
  const files: string[] = [];
  afterAll(async () => {
    for (const db of opened) await db.close();
    for (const f of files) rmSync(f, { force: true });
    await dropTestDatabases();
  });

  /** A database that outlives its connection: a file for SQLite, a fresh database on MySQL. */
  function durableUrl(name: string): string {
    if (mysqlBase) return testDatabaseUrl(name);
    const file = path.join(tmpdir(), `search-${name}-${randomBytes(4).toString("hex")}.sqlite`);
    files.push(file, `${file}-wal`, `${file}-shm`);
    return `sqlite:${file}`;
  }
  const open = async (url: string) => {
    const db = await openSubgraphDatabase(serviceCenter, url);
    opened.push(db);
    return db;
  };
  /** The titles of the messages the index alone finds for the text, newest id first. */
  const titles = async (db: Database, text: string) => {
    const ids = await messageSearch.indexedIds(db.dataSource, searchClauses(text));
    if (!ids.length) return [];
    const rows = await db.dataSource.getRepository(OnlineMessage).findBy({ id: In(ids) });
    return rows.sort((a, b) => Number(b.id) - Number(a.id)).map((m) => m.title);
  };
  const message = (title: string, content: string, extra: Partial<OnlineMessage> = {}) => ({
    title,
    content,
    category: "OTHER" as never,
    postedAt: new Date("2017-11-20T01:00:00Z"),
    replyText: null,
    replyUnit: null,
    repliedAt: null,
    authorName: null,
    authorPhone: null,
    ...extra,
  });

  it("is kept by the engine of the database it runs on, on a server with default settings", async () => {
    const db = await open(testDatabaseUrl("ft_engine"));
    if (db.kind === "mysql") {
      const [minimum] = await db.dataSource.query("SHOW VARIABLES LIKE 'innodb_ft_min_token_size'");
      expect(Number(minimum.Value)).toBe(3);
      const keys: { Index_type: string }[] = await db.dataSource.query(
        "SHOW INDEX FROM online_message_search",
      );
      expect(keys.map((k) => k.Index_type)).toContain("FULLTEXT");
    } else {
      const [table] = await db.dataSource.query(
        "SELECT sql FROM sqlite_master WHERE name = 'online_message_search'",
      );
      expect(table.sql).toMatch(/USING fts5/i);
    }
    await db.dataSource.getRepository(OnlineMessage).insert(message("拆迁", "拆"));
    await messageSearch.refresh(db.dataSource.manager, [1]);
    expect(await titles(db, "拆迁")).toEqual(["拆迁"]);
    expect(await titles(db, "拆")).toEqual(["拆迁"]);
  });

  it("indexes the records stored before its migration", async () => {
    const url = durableUrl("ft_migrate");
    const before = await openDatabase({
      url,
      entities: serviceCenter.entities,
      migrations: serviceCenter.migrations.filter(
        (m) => m !== ServiceCenterSearchIndex1733000000000,
      ),
    });
    await before.dataSource
      .getRepository(OnlineMessage)
      .insert([message("冬季供暖不达标", "暖气不热。"), message("噪声扰民", "夜间施工。")]);
    await before.dataSource.getRepository(HotlineCall).insert({
      receivedAt: new Date("2017-12-02T01:00:00Z"),
      summary: "来电反映供暖问题",
      category: "OTHER" as never,
      petitionId: null,
    });
    await before.close();
    const db = await open(url);
    expect(await titles(db, "供暖")).toEqual(["冬季供暖不达标"]);
    expect(await hotlineCallSearch.indexedIds(db.dataSource, searchClauses("供暖"))).toHaveLength(
      1,
    );
  });

  it("is rebuilt after bulk loads, and forgets records that are gone", async () => {
    const db = await open(testDatabaseUrl("ft_rebuild"));
    const repo = db.dataSource.getRepository(OnlineMessage);
    await repo.insert([
      message("小区供暖费", "收费过高。"),
      message("道路", "村内道路。", { replyText: "已列入硬化计划。" }),
    ]);
    expect(await titles(db, "供暖")).toEqual([]);
    await serviceCenter.rebuildSearchIndex!(db.dataSource);
    expect(await titles(db, "供暖")).toEqual(["小区供暖费"]);
    expect(await titles(db, "硬化计划")).toEqual(["道路"]);
    const [heating] = await repo.findBy({ title: "小区供暖费" });
    await repo.delete({ id: heating.id });
    await messageSearch.refresh(db.dataSource.manager, [heating.id]);
    expect(await titles(db, "供暖")).toEqual([]);
    await serviceCenter.rebuildSearchIndex!(db.dataSource);
    expect(await titles(db, "道路")).toEqual(["道路"]);
  });

  it("holds no personal data: the author is not indexed", async () => {
    const db = await open(testDatabaseUrl("ft_personal"));
    await db.dataSource
      .getRepository(OnlineMessage)
      .insert(
        message("路灯不亮", "小区路灯坏了。", { authorName: "赵小明", authorPhone: "13800138000" }),
      );
    await serviceCenter.rebuildSearchIndex!(db.dataSource);
    const [row] = await db.dataSource.query("SELECT words FROM online_message_search");
    expect(row.words).toBe(encodeDocument(["路灯不亮", "小区路灯坏了。", null]));
    for (const personal of ["赵", "小明", "13800138000"])
      expect(row.words.split(" ")).not.toContain(encodeTerm(personal));
    expect(await titles(db, "赵小明")).toEqual([]);
  });
});
