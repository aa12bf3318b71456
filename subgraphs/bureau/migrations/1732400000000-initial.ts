import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { column, idempotencyTable } from "../../../common/db";

export class BureauInitial1732400000000 implements MigrationInterface {
  name = "BureauInitial1732400000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "petition",
        columns: [
          column.id(),
          { ...column.string("serial_no", 32), isUnique: true },
          column.string("title", 200),
          column.text("content"),
          column.string("channel", 16),
          column.string("source", 32),
          column.string("category", 32),
          column.string("status", 16),
          column.bool("first_time"),
          column.bool("collective"),
          column.int("headcount"),
          column.int("town_id", true),
          column.string("responsible_unit", 100, true),
          column.time("received_at"),
          column.time("acceptance_deadline"),
          column.time("accepted_at", true),
          column.time("declined_at", true),
          column.text("decline_reason", true),
          column.time("due_at", true),
          column.text("extension_reason", true),
          column.time("replied_at", true),
          column.text("reply_text", true),
          column.time("current_deadline", true),
          column.int("duplicate_of_id", true),
          column.int("repeat_of_id", true),
          column.int("source_message_id", true),
          column.int("version"),
        ],
        foreignKeys: [
          {
            columnNames: ["duplicate_of_id"],
            referencedTableName: "petition",
            referencedColumnNames: ["id"],
          },
          {
            columnNames: ["repeat_of_id"],
            referencedTableName: "petition",
            referencedColumnNames: ["id"],
          },
        ],
        indices: [
          new TableIndex({ name: "idx_petition_received", columnNames: ["received_at", "id"] }),
          new TableIndex({ name: "idx_petition_status", columnNames: ["status", "received_at"] }),
          new TableIndex({
            name: "idx_petition_category",
            columnNames: ["category", "received_at"],
          }),
          new TableIndex({ name: "idx_petition_town", columnNames: ["town_id", "received_at"] }),
          new TableIndex({ name: "idx_petition_deadline", columnNames: ["current_deadline"] }),
          new TableIndex({ name: "idx_petition_repeat", columnNames: ["repeat_of_id"] }),
          new TableIndex({ name: "idx_petition_message", columnNames: ["source_message_id"] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: "petitioner",
        columns: [
          column.id(),
          column.string("name", 50),
          column.string("id_number", 18, true),
          column.string("phone", 20, true),
          column.int("town_id", true),
        ],
        indices: [new TableIndex({ name: "idx_petitioner_id_number", columnNames: ["id_number"] })],
      }),
    );
    await q.createTable(
      new Table({
        name: "petition_petitioner",
        columns: [
          { ...column.int("petition_id"), isPrimary: true },
          { ...column.int("petitioner_id"), isPrimary: true },
        ],
        foreignKeys: [
          {
            columnNames: ["petition_id"],
            referencedTableName: "petition",
            referencedColumnNames: ["id"],
          },
          {
            columnNames: ["petitioner_id"],
            referencedTableName: "petitioner",
            referencedColumnNames: ["id"],
          },
        ],
        indices: [
          new TableIndex({
            name: "idx_pp_petitioner",
            columnNames: ["petitioner_id", "petition_id"],
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: "visit",
        columns: [
          column.id(),
          column.int("petition_id"),
          column.time("received_at"),
          column.string("level", 16),
          column.int("headcount"),
          column.bool("collective"),
          column.bool("first_time"),
        ],
        foreignKeys: [
          {
            columnNames: ["petition_id"],
            referencedTableName: "petition",
            referencedColumnNames: ["id"],
          },
        ],
        indices: [
          new TableIndex({ name: "idx_visit_petition", columnNames: ["petition_id"] }),
          new TableIndex({ name: "idx_visit_received", columnNames: ["received_at", "level"] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: "review",
        columns: [
          column.id(),
          column.int("petition_id"),
          column.string("kind", 16),
          column.time("requested_at"),
          column.time("due_at"),
          column.time("decided_at", true),
          column.text("outcome", true),
        ],
        foreignKeys: [
          {
            columnNames: ["petition_id"],
            referencedTableName: "petition",
            referencedColumnNames: ["id"],
          },
        ],
        indices: [new TableIndex({ name: "idx_review_petition", columnNames: ["petition_id"] })],
      }),
    );
    await q.createTable(
      new Table({
        name: "backlog_case",
        columns: [
          column.id(),
          { ...column.int("petition_id"), isUnique: true },
          column.int("batch"),
          column.time("assigned_at"),
          column.int("lead_leader_id", true),
          column.time("resolved_at", true),
        ],
        foreignKeys: [
          {
            columnNames: ["petition_id"],
            referencedTableName: "petition",
            referencedColumnNames: ["id"],
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: "status_change",
        columns: [
          column.id(),
          column.int("petition_id"),
          column.time("at"),
          column.string("from_status", 16, true),
          column.string("to_status", 16),
          column.text("note", true),
          column.string("actor", 100),
        ],
        foreignKeys: [
          {
            columnNames: ["petition_id"],
            referencedTableName: "petition",
            referencedColumnNames: ["id"],
          },
        ],
        indices: [
          new TableIndex({
            name: "idx_status_change_petition",
            columnNames: ["petition_id", "id"],
          }),
        ],
      }),
    );
    await q.createTable(idempotencyTable());
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      "idempotency_key",
      "status_change",
      "backlog_case",
      "review",
      "visit",
      "petition_petitioner",
      "petitioner",
      "petition",
    ])
      await q.dropTable(table);
  }
}
