import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../../common/db";

/**
 * The steps of each dispute's course, for the weekly report. Settlements and sharpenings
 * already stored are written into it from their items' columns.
 */
export class MassworkRiskItemChanges1733300000000 implements MigrationInterface {
  name = "MassworkRiskItemChanges1733300000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "risk_item_change",
        columns: [
          column.id(),
          column.int("risk_item_id"),
          column.time("at"),
          column.string("from_status", 16),
          column.string("to_status", 16),
          column.text("note", true),
          column.string("actor", 100),
        ],
        foreignKeys: [
          {
            columnNames: ["risk_item_id"],
            referencedTableName: "risk_item",
            referencedColumnNames: ["id"],
          },
        ],
        indices: [
          new TableIndex({ name: "idx_risk_change_item", columnNames: ["risk_item_id", "at"] }),
          new TableIndex({ name: "idx_risk_change_at", columnNames: ["at", "to_status"] }),
        ],
      }),
    );
    await q.query(
      `INSERT INTO risk_item_change (risk_item_id, at, from_status, to_status, note, actor)
       SELECT id, escalated_at, 'OPEN', 'ESCALATED', escalation, 'migration'
       FROM risk_item WHERE escalated_at IS NOT NULL`,
    );
    await q.query(
      `INSERT INTO risk_item_change (risk_item_id, at, from_status, to_status, note, actor)
       SELECT id, resolved_at, 'OPEN', 'RESOLVED', NULL, 'migration'
       FROM risk_item WHERE resolved_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("risk_item_change");
  }
}
