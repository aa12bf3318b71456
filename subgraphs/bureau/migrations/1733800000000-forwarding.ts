import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../../common/db";

/**
 * 转送/交办 and 督办: forwardings of a petition to the unit responsible (with the deadline of the
 * unit's answer, and the answer), and the supervision office's notices. Indexed for the
 * petition's lists, the supervision list (unanswered by deadline) and the year's figures.
 */
export class BureauForwarding1733800000000 implements MigrationInterface {
  name = "BureauForwarding1733800000000";

  async up(q: QueryRunner): Promise<void> {
    const petition = {
      columnNames: ["petition_id"],
      referencedTableName: "petition",
      referencedColumnNames: ["id"],
    };
    await q.createTable(
      new Table({
        name: "forwarding",
        columns: [
          column.id(),
          column.int("petition_id"),
          column.string("kind", 16),
          column.string("unit", 100),
          column.time("deadline"),
          column.text("note", true),
          column.time("forwarded_at"),
          column.string("forwarded_by", 100),
          column.text("answer", true),
          column.time("answered_at", true),
          column.string("answered_by", 100, true),
          column.int("version"),
        ],
        foreignKeys: [petition],
        indices: [
          new TableIndex({ name: "idx_forwarding_petition", columnNames: ["petition_id", "id"] }),
          new TableIndex({ name: "idx_forwarding_open", columnNames: ["answered_at", "deadline"] }),
          new TableIndex({ name: "idx_forwarding_year", columnNames: ["forwarded_at"] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: "supervision",
        columns: [
          column.id(),
          column.int("petition_id"),
          column.int("forwarding_id", true),
          column.time("at"),
          column.string("supervised_by", 100),
          column.text("note"),
          column.time("new_deadline", true),
          column.time("previous_deadline", true),
        ],
        foreignKeys: [
          petition,
          {
            columnNames: ["forwarding_id"],
            referencedTableName: "forwarding",
            referencedColumnNames: ["id"],
          },
        ],
        indices: [
          new TableIndex({ name: "idx_supervision_petition", columnNames: ["petition_id", "id"] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("supervision");
    await q.dropTable("forwarding");
  }
}
