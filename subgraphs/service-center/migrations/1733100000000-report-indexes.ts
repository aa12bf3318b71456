import { TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/** The year's messages and their replies, and the year's evaluations by rating, read from the index alone. */
export class ServiceCenterReportIndexes1733100000000 implements MigrationInterface {
  name = "ServiceCenterReportIndexes1733100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      "online_message",
      new TableIndex({
        name: "idx_message_year_figures",
        columnNames: ["posted_at", "replied_at"],
      }),
    );
    await q.createIndex(
      "evaluation",
      new TableIndex({
        name: "idx_evaluation_year_figures",
        columnNames: ["evaluated_at", "rating"],
      }),
    );
    await q.dropIndex("evaluation", "idx_evaluation_evaluated");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex(
      "evaluation",
      new TableIndex({ name: "idx_evaluation_evaluated", columnNames: ["evaluated_at"] }),
    );
    await q.dropIndex("evaluation", "idx_evaluation_year_figures");
    await q.dropIndex("online_message", "idx_message_year_figures");
  }
}
