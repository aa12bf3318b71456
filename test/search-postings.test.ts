import { type Database } from "../common/db";
import {
  COMMON_FLOOR,
  encodeTerm,
  hitPage,
  searchClauses,
  type FullTextIndex,
} from "../common/search";
import { openSubgraphDatabase } from "../common/server";
import { serviceCenter } from "../subgraphs/service-center";
import { OnlineMessage } from "../subgraphs/service-center/entities/online-message";
import { messageSearch } from "../subgraphs/service-center/services/search-index";
import { dropTestDatabases, testDatabaseUrl } from "./support/databases";
import { messageRows } from "./support/messages";
import { transactionsAtOnce } from "./support/raw-transactions";

/**
 * The postings beside the full-text index: every token of every record but the common ones
 * (listed with their counts at a rebuild), written in the record's own transaction.
 */
describe("the search postings and common tokens", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openSubgraphDatabase(serviceCenter, testDatabaseUrl("search_postings"));
  });
  afterAll(async () => {
    await db?.close();
    await dropTestDatabases();
  });

  const message = messageRows();
  const postings = async (index: FullTextIndex, word: string): Promise<number[]> =>
    (
      await db.dataSource.query(
        `SELECT record_id AS id FROM ${index.postingTable} WHERE token = ? ORDER BY record_id`,
        [encodeTerm(word)],
      )
    ).map((r: { id: unknown }) => Number(r.id));
  const common = async (word: string): Promise<number | null> => {
    const rows = await db.dataSource.query(
      `SELECT records FROM ${messageSearch.termsTable} WHERE token = ?`,
      [encodeTerm(word)],
    );
    return rows.length ? Number(rows[0].records) : null;
  };
  const found = async (text: string, first = 50): Promise<number[]> =>
    (
      await hitPage(db.dataSource, OnlineMessage, messageSearch, text, searchClauses(text), {
        first,
      })
    ).hits.map((h) => Number(h.node.id));
  /** Writes a message and its index entries in one transaction, which fails when told to. */
  const post = (title: string, content: string, fail = false) =>
    db.dataSource.transaction(async (tx) => {
      const { identifiers } = await tx.getRepository(OnlineMessage).insert(message(title, content));
      const id = Number(identifiers[0].id);
      await messageSearch.refresh(tx, [id]);
      if (fail) throw new Error("rolled back on purpose");
      return id;
    });

  it("lists a token held by more than the common share at a rebuild, with its count, and posts every other", async () => {
    const repo = db.dataSource.getRepository(OnlineMessage);
    const many = COMMON_FLOOR + 5;
    // the oldest message holds two common words that meet nowhere else
    const both = Number((await repo.insert(message("积水", "供暖井积水。"))).identifiers[0].id);
    for (const [title, content] of [
      ["道路积水", "第{}处积水。"],
      ["冬季供暖", "第{}户供暖不热。"],
    ])
      for (let i = 0; i < many; i += 200)
        await repo.insert(
          Array.from({ length: Math.min(200, many - i) }, (_, j) =>
            message(title, content.replace("{}", String(i + j))),
          ),
        );
    const amber = (await repo.insert(message("琥珀巷供暖", "琥珀巷供暖管道漏水。"))).identifiers[0]
      .id;
    await serviceCenter.rebuildSearchIndex!(db.dataSource);

    expect(await common("供暖")).toBe(many + 2);
    expect(await common("积水")).toBe(many + 1);
    expect(await postings(messageSearch, "供暖")).toEqual([]);
    expect(await common("琥珀")).toBeNull();
    expect(await postings(messageSearch, "琥珀")).toEqual([Number(amber)]);
    // a posting carries its record's time, as stored: the postings' order is the records'
    const [row] = await db.dataSource.query(
      `SELECT p.at AS posted, m.posted_at AS stored FROM ${messageSearch.postingTable} p JOIN online_message m ON m.id = p.record_id WHERE p.token = ?`,
      [encodeTerm("琥珀")],
    );
    expect(new Date(row.posted).getTime()).toBe(new Date(row.stored).getTime());

    // a common word alone (by walking), with a posted one (by its postings), and counted
    expect((await found("供暖", 3)).length).toBe(3);
    expect(await found("供暖", 1)).toEqual([Number(amber)]);
    expect(await found("琥珀巷 供暖")).toEqual([Number(amber)]);
    // two common words: the walk reads the newest records, finds too few, and the index the rest
    expect(await found("供暖 积水")).toEqual([both]);
    expect(await found("积水 供暖井")).toEqual([both]);
    const page = await hitPage(
      db.dataSource,
      OnlineMessage,
      messageSearch,
      "供暖",
      searchClauses("供暖"),
      { first: 1 },
    );
    expect(await page.count()).toEqual({ total: many + 2, estimate: false });
  });

  it("writes the postings in the record's own transaction, and rewrites them when the record changes or goes", async () => {
    await expect(post("翡翠桥积水", "翡翠桥下积水。", true)).rejects.toThrow("on purpose");
    expect(await postings(messageSearch, "翡翠")).toEqual([]);
    expect(await found("翡翠桥")).toEqual([]);

    const id = await post("翡翠桥积水", "翡翠桥下积水,供暖也不热,供暖管道漏水。");
    expect(await postings(messageSearch, "翡翠")).toEqual([id]);
    // common at the last rebuild: no posting, found by the walk all the same
    expect(await postings(messageSearch, "供暖")).toEqual([]);
    expect(await found("翡翠桥")).toEqual([id]);
    expect(await found("供暖 翡翠桥")).toEqual([id]);
    expect((await found("供暖", 1))[0]).toBe(id);

    await db.dataSource.transaction(async (tx) => {
      await tx
        .getRepository(OnlineMessage)
        .update({ id }, { title: "珊瑚岭积水", content: "珊瑚岭积水。" });
      await messageSearch.refresh(tx, [id]);
    });
    expect(await postings(messageSearch, "翡翠")).toEqual([]);
    expect(await postings(messageSearch, "珊瑚")).toEqual([id]);
    expect(await found("翡翠桥")).toEqual([]);
    expect(await found("珊瑚岭")).toEqual([id]);

    await db.dataSource.transaction(async (tx) => {
      await tx.getRepository(OnlineMessage).delete({ id });
      await messageSearch.refresh(tx, [id]);
    });
    expect(await postings(messageSearch, "珊瑚")).toEqual([]);
    expect(await found("珊瑚岭")).toEqual([]);
  });

  it("writes many new records' postings at once with no deadlock", async () => {
    // Transactions of their own, outside the project's deadlock retries: clearing a new record's
    // postings before writing them took a gap lock at the end of the record index on MySQL, and
    // concurrent writers each then waited to insert into the other's gap.
    const ids: number[] = [];
    const failures = await transactionsAtOnce(db.dataSource, 20, async (runner, i) => {
      const { identifiers } = await runner.manager
        .getRepository(OnlineMessage)
        .insert(message(`并发留言${i}`, `玛瑙巷并发留言第${i}条。`));
      const id = Number(identifiers[0].id);
      await new Promise((r) => setTimeout(r, 2));
      await messageSearch.refresh(runner.manager, [id]);
      ids.push(id);
    });
    expect(failures).toEqual([]);
    expect((await postings(messageSearch, "玛瑙")).sort((a, b) => a - b)).toEqual(
      ids.sort((a, b) => a - b),
    );
  });

  it("rebuilds the common tokens and postings from the records alone", async () => {
    await db.dataSource.query(`DELETE FROM ${messageSearch.postingTable}`);
    await db.dataSource.query(`DELETE FROM ${messageSearch.termsTable}`);
    expect(await found("琥珀巷")).toEqual([]);
    await serviceCenter.rebuildSearchIndex!(db.dataSource);
    expect(await postings(messageSearch, "琥珀")).toHaveLength(1);
    expect(await common("供暖")).toBe(COMMON_FLOOR + 7);
    expect(await found("琥珀巷")).toHaveLength(1);
  });
});
