import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../../common/db";

/**
 * Backlog cases are edited now (resolved, given another lead leader): a version to refuse stale
 * edits, as petitions have, starting at 1 for the cases already listed, and the resolution's note.
 */
export class BureauBacklogVersion1733600000000 implements MigrationInterface {
  name = "BureauBacklogVersion1733600000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns("backlog_case", [
      new TableColumn({ ...column.int("version"), default: 1 }),
      new TableColumn(column.text("resolution_note", true)),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns("backlog_case", ["resolution_note", "version"]);
  }
}
