import { TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/** Receptions of a year by leader and persons, read from the index alone; replaces its own prefix. */
export class MassworkReportIndexes1733100000000 implements MigrationInterface {
  name = "MassworkReportIndexes1733100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      "reception",
      new TableIndex({
        name: "idx_reception_year_figures",
        columnNames: ["received_at", "leader_id", "headcount"],
      }),
    );
    await q.dropIndex("reception", "idx_reception_received");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex(
      "reception",
      new TableIndex({ name: "idx_reception_received", columnNames: ["received_at"] }),
    );
    await q.dropIndex("reception", "idx_reception_year_figures");
  }
}
