import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../../common/db";

/**
 * The town (masswork's) a website message is about, optional: the author may give it, and the
 * message list filters by it. Messages posted before stay without one.
 */
export class ServiceCenterMessageTown1733300000000 implements MigrationInterface {
  name = "ServiceCenterMessageTown1733300000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn("online_message", new TableColumn(column.int("town_id", true)));
    // a town's messages, newest first
    await q.createIndex(
      "online_message",
      new TableIndex({ name: "idx_message_town", columnNames: ["town_id", "posted_at", "id"] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex("online_message", "idx_message_town");
    await q.dropColumn("online_message", "town_id");
  }
}
