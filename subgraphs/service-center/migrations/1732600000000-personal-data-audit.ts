import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../../common/db";
import { personalDataReadTable } from "../../../common/server";

/**
 * Every unmasked read of a message author is recorded; a message remembers the citizen account
 * that posted it, so that citizen (and only they, besides staff) sees it before it is answered.
 */
export class ServiceCenterPersonalDataAudit1732600000000 implements MigrationInterface {
  name = "ServiceCenterPersonalDataAudit1732600000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(personalDataReadTable());
    await q.addColumn(
      "online_message",
      new TableColumn(column.string("author_subject", 100, true)),
    );
    await q.createIndex(
      "online_message",
      new TableIndex({ name: "idx_message_author", columnNames: ["author_subject", "posted_at"] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex("online_message", "idx_message_author");
    await q.dropColumn("online_message", "author_subject");
    await q.dropTable("personal_data_read");
  }
}
