import { TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * One petition per website message, one petitioner per ID number, held by the database: the
 * checks in the registration's transaction read a snapshot on MySQL, so two registrations at the
 * same moment both passed them. A unique index refuses the second row; the registration then
 * runs again (createOnce) and its check finds the first.
 */
export class BureauUniqueReferences1733400000000 implements MigrationInterface {
  name = "BureauUniqueReferences1733400000000";

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex("petition", "idx_petition_message");
    await q.createIndex(
      "petition",
      new TableIndex({
        name: "uq_petition_message",
        columnNames: ["source_message_id"],
        isUnique: true,
      }),
    );
    await q.dropIndex("petitioner", "idx_petitioner_id_number");
    await q.createIndex(
      "petitioner",
      new TableIndex({
        name: "uq_petitioner_id_number",
        columnNames: ["id_number"],
        isUnique: true,
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex("petitioner", "uq_petitioner_id_number");
    await q.createIndex(
      "petitioner",
      new TableIndex({ name: "idx_petitioner_id_number", columnNames: ["id_number"] }),
    );
    await q.dropIndex("petition", "uq_petition_message");
    await q.createIndex(
      "petition",
      new TableIndex({ name: "idx_petition_message", columnNames: ["source_message_id"] }),
    );
  }
}
