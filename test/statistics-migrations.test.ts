import { openSubgraphDatabase } from "../common/server";
import { bureau } from "../subgraphs/bureau";
import { BureauStatisticsIndexes1734100000000 } from "../subgraphs/bureau/migrations/1734100000000-statistics-indexes";
import { dropTestDatabases, testDatabaseUrl } from "./support/databases";

/** The accepted petitions' index (statistics at ×100): undoes, and runs again, on both engines. */
describe("the statistics migrations", () => {
  afterAll(async () => {
    await dropTestDatabases();
  });

  it("bureau: idx_petition_accepted undoes and comes back", async () => {
    const db = await openSubgraphDatabase(bureau, testDatabaseUrl("st_bureau"));
    try {
      const indexes = async () => {
        const runner = db.dataSource.createQueryRunner();
        try {
          return (await runner.getTable("petition"))!.indices.map((i) => i.name);
        } finally {
          await runner.release();
        }
      };
      expect(await indexes()).toContain("idx_petition_accepted");
      // the statistics migration and those after it, newest first
      const since =
        bureau.migrations.length -
        bureau.migrations.findIndex((m) => m.name === BureauStatisticsIndexes1734100000000.name);
      expect(since).toBeLessThan(bureau.migrations.length);
      for (let i = 0; i < since; i++)
        await db.dataSource.undoLastMigration({ transaction: "each" });
      expect(await indexes()).not.toContain("idx_petition_accepted");
      expect(await indexes()).toContain("idx_petition_intake");
      expect(await db.dataSource.runMigrations({ transaction: "each" })).toHaveLength(since);
      expect(await indexes()).toContain("idx_petition_accepted");
    } finally {
      await db.close();
    }
  });
});
