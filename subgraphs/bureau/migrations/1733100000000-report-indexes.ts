import { TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * Indexes the annual report reads its year ranges from. Each holds every column its figures
 * read, so the engine answers them from the index alone, however many years the tables hold.
 */
export class BureauReportIndexes1733100000000 implements MigrationInterface {
  name = "BureauReportIndexes1733100000000";

  async up(q: QueryRunner): Promise<void> {
    // visits by level, first-time, collective and persons; replaces its own prefix
    await q.createIndex(
      "visit",
      new TableIndex({
        name: "idx_visit_year_figures",
        columnNames: ["received_at", "level", "first_time", "collective", "headcount"],
      }),
    );
    await q.dropIndex("visit", "idx_visit_received");
    // registered in the year: online transfers, and accepted or declined in time
    await q.createIndex(
      "petition",
      new TableIndex({
        name: "idx_petition_intake",
        columnNames: [
          "received_at",
          "channel",
          "source",
          "status",
          "accepted_at",
          "declined_at",
          "acceptance_deadline",
        ],
      }),
    );
    // replied in the year and on time; open at the year's end and already past due
    await q.createIndex(
      "petition",
      new TableIndex({
        name: "idx_petition_replied",
        columnNames: ["replied_at", "due_at", "status"],
      }),
    );
    await q.createIndex(
      "backlog_case",
      new TableIndex({ name: "idx_backlog_assigned", columnNames: ["assigned_at", "batch"] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex("backlog_case", "idx_backlog_assigned");
    await q.dropIndex("petition", "idx_petition_replied");
    await q.dropIndex("petition", "idx_petition_intake");
    await q.createIndex(
      "visit",
      new TableIndex({ name: "idx_visit_received", columnNames: ["received_at", "level"] }),
    );
    await q.dropIndex("visit", "idx_visit_year_figures");
  }
}
