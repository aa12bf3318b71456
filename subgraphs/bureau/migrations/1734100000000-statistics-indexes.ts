import { TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * The petitions accepted in a span (`statistics`' and the annual report's accepted series) had
 * no index of their own: the engine read every petition's index entry to find them (a full scan
 * of idx_petition_intake, 320,000 entries at ×100). The range now comes from this index alone.
 */
export class BureauStatisticsIndexes1734100000000 implements MigrationInterface {
  name = "BureauStatisticsIndexes1734100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      "petition",
      new TableIndex({ name: "idx_petition_accepted", columnNames: ["accepted_at"] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex("petition", "idx_petition_accepted");
  }
}
