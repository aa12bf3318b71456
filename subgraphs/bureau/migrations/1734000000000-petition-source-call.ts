import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../../common/db";

/**
 * Petitions registered from a hotline call (市长热线): the call's id, as `source_message_id`
 * keeps the website message's. Unique, so that a call becomes at most one petition even when
 * two clerks register it at the same moment (the loser's transaction runs again and its check
 * finds the first).
 */
export class BureauPetitionSourceCall1734000000000 implements MigrationInterface {
  name = "BureauPetitionSourceCall1734000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn("petition", new TableColumn(column.int("source_call_id", true)));
    await q.createIndex(
      "petition",
      new TableIndex({ name: "uq_petition_call", columnNames: ["source_call_id"], isUnique: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex("petition", "uq_petition_call");
    await q.dropColumn("petition", "source_call_id");
  }
}
