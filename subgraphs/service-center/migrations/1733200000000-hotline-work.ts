import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../../common/db";

/**
 * The hotline's daily work: a call's town (masswork's), the caller's phone (personal data), the
 * service center's answer, and a version for answering; indexes for the call list's filters.
 */
export class ServiceCenterHotlineWork1733200000000 implements MigrationInterface {
  name = "ServiceCenterHotlineWork1733200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns("hotline_call", [
      new TableColumn(column.int("town_id", true)),
      new TableColumn(column.string("caller_phone", 20, true)),
      new TableColumn(column.text("answer_text", true)),
      new TableColumn(column.time("answered_at", true)),
      new TableColumn({ ...column.int("version"), default: 1 }),
    ]);
    // a town's calls, newest first
    await q.createIndex(
      "hotline_call",
      new TableIndex({ name: "idx_hotline_town", columnNames: ["town_id", "received_at", "id"] }),
    );
    // the answered filter: answer presence, then newest first
    await q.createIndex(
      "hotline_call",
      new TableIndex({ name: "idx_hotline_answered", columnNames: ["answered_at", "received_at"] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex("hotline_call", "idx_hotline_answered");
    await q.dropIndex("hotline_call", "idx_hotline_town");
    for (const name of ["version", "answered_at", "answer_text", "caller_phone", "town_id"])
      await q.dropColumn("hotline_call", name);
  }
}
