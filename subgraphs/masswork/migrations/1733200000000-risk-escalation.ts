import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../../common/db";

/**
 * 矛盾隐患 that sharpen (激化) and are reopened: when and what happened, when and why reopened,
 * and a version for optimistic concurrency (existing items start at 1).
 */
export class MassworkRiskEscalation1733200000000 implements MigrationInterface {
  name = "MassworkRiskEscalation1733200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns("risk_item", [
      new TableColumn({ name: "version", type: "int", isNullable: false, default: 1 }),
      new TableColumn(column.time("escalated_at", true)),
      new TableColumn(column.text("escalation", true)),
      new TableColumn(column.time("reopened_at", true)),
      new TableColumn(column.text("reopen_reason", true)),
    ]);
    await q.createIndex(
      "risk_item",
      new TableIndex({ name: "idx_risk_escalated", columnNames: ["escalated_at"] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex("risk_item", "idx_risk_escalated");
    for (const name of ["reopen_reason", "reopened_at", "escalation", "escalated_at", "version"])
      await q.dropColumn("risk_item", name);
  }
}
