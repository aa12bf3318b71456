import { TransactionMisuse, type Database } from "../common/db";
import { httpGraphClient, openSubgraphDatabase } from "../common/server";
import { bureau } from "../subgraphs/bureau";
import { dropTestDatabases, testDatabaseUrl } from "./support/databases";

/** The transaction rules of common/db/transactions.ts, on the engine the suite runs on. */
describe("transactions", () => {
  let database: Database;
  const rows = async (): Promise<number[]> =>
    (await database.dataSource.query("SELECT id FROM petition_total ORDER BY id")).map(
      (r: { id: number | string }) => Number(r.id),
    );
  const insert = (id: number) =>
    database.dataSource.query("INSERT INTO petition_total (id, n) VALUES (?, 0)", [id]);
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    database = await openSubgraphDatabase(bureau, testDatabaseUrl("tx"));
  });
  afterAll(async () => {
    await database?.close();
    await dropTestDatabases();
  });
  beforeEach(async () => {
    await database.dataSource.query("DELETE FROM petition_total");
  });

  it("keeps a plain write made while another request's transaction is open, when that transaction rolls back", async () => {
    const failing = database.dataSource.transaction(async (tx) => {
      await tx.query("INSERT INTO petition_total (id, n) VALUES (1, 0)");
      await pause(50); // another request's statement arrives meanwhile
      throw new Error("the step was refused");
    });
    await pause(10);
    await insert(2);
    await expect(failing).rejects.toThrow("the step was refused");
    expect(await rows()).toEqual([2]);
  });

  it("rolls back only the failing one of two concurrent transactions", async () => {
    const committing = database.dataSource.transaction(async (tx) => {
      await tx.query("INSERT INTO petition_total (id, n) VALUES (3, 0)");
      await pause(30);
      await tx.query("INSERT INTO petition_total (id, n) VALUES (4, 0)");
    });
    const failing = database.dataSource.transaction(async (tx) => {
      await tx.query("INSERT INTO petition_total (id, n) VALUES (5, 0)");
      await pause(10);
      throw new Error("refused");
    });
    await Promise.all([committing, expect(failing).rejects.toThrow("refused")]);
    expect(await rows()).toEqual([3, 4]);
  });

  it("shows no other request a transaction's uncommitted rows", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const writing = database.dataSource.transaction(async (tx) => {
      await tx.query("INSERT INTO petition_total (id, n) VALUES (6, 0)");
      await held;
    });
    await pause(10);
    const reading = rows();
    await pause(10);
    release();
    await writing;
    // on SQLite the read waited for the commit; on MySQL it read the committed state before it
    expect([[], [6]]).toContainEqual(await reading);
    expect(await rows()).toEqual([6]);
  });

  it("refuses a call to the graph from inside a transaction, before anything is sent", async () => {
    let sent = 0;
    const graph = httpGraphClient(() => {
      sent++;
      return "http://127.0.0.1:9/graphql";
    }, "bureau");
    const work = database.dataSource.transaction(async (tx) => {
      await tx.query("INSERT INTO petition_total (id, n) VALUES (7, 0)");
      await graph.request("{ towns { id } }");
    });
    await expect(work).rejects.toBeInstanceOf(TransactionMisuse);
    expect(sent).toBe(0);
    expect(await rows()).toEqual([]);
  });

  it("refuses a statement that bypasses the open transaction, instead of deadlocking or escaping it", async () => {
    const work = database.dataSource.transaction(async (tx) => {
      await tx.query("INSERT INTO petition_total (id, n) VALUES (8, 0)");
      await insert(9); // the data source, not the transaction's manager
    });
    await expect(work).rejects.toBeInstanceOf(TransactionMisuse);
    expect(await rows()).toEqual([]);
    // and the database serves others afterwards
    await insert(10);
    expect(await rows()).toEqual([10]);
  });

  it("lets the graph be asked after the transaction, from the same request", async () => {
    const graph = httpGraphClient(() => "http://127.0.0.1:9/graphql", "bureau");
    await database.dataSource.transaction((tx) =>
      tx.query("INSERT INTO petition_total (id, n) VALUES (11, 0)"),
    );
    // refused by the network (nothing listens on port 9), not by the transaction rule
    await expect(graph.request("{ towns { id } }")).rejects.toMatchObject({
      extensions: { code: "SERVICE_UNAVAILABLE" },
    });
  });
});
