import { TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * A petition lists the duplicates merged into it (`duplicates`): they are found by
 * `duplicate_of_id`. MySQL indexes that column already for its foreign key (and an index of
 * ours would take the key's place, so that undoing this could not drop it); SQLite needs one.
 */
export class BureauDuplicateLinks1733900000000 implements MigrationInterface {
  name = "BureauDuplicateLinks1733900000000";

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === "mysql") return;
    await q.createIndex(
      "petition",
      new TableIndex({ name: "idx_petition_duplicate", columnNames: ["duplicate_of_id"] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === "mysql") return;
    await q.dropIndex("petition", "idx_petition_duplicate");
  }
}
