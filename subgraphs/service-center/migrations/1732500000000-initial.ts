import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { column, idempotencyTable } from "../../../common/db";

export class ServiceCenterInitial1732500000000 implements MigrationInterface {
  name = "ServiceCenterInitial1732500000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "online_message",
        columns: [
          column.id(),
          column.string("title", 100),
          column.text("content"),
          column.string("category", 32),
          column.time("posted_at"),
          column.text("reply_text", true),
          column.string("reply_unit", 100, true),
          column.time("replied_at", true),
          column.string("author_name", 50, true),
          column.string("author_phone", 20, true),
        ],
        indices: [
          // newest first, and the year's figures
          new TableIndex({ name: "idx_message_posted", columnNames: ["posted_at", "id"] }),
          // the replied filter: reply presence, then newest first
          new TableIndex({ name: "idx_message_replied", columnNames: ["replied_at", "posted_at"] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: "hotline_call",
        columns: [
          column.id(),
          column.time("received_at"),
          column.text("summary"),
          column.string("category", 32),
          column.int("petition_id", true),
        ],
        indices: [
          new TableIndex({ name: "idx_hotline_received", columnNames: ["received_at", "id"] }),
          new TableIndex({ name: "idx_hotline_petition", columnNames: ["petition_id"] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: "evaluation",
        columns: [
          column.id(),
          column.int("petition_id"),
          column.string("rating", 32),
          column.time("evaluated_at"),
        ],
        indices: [
          // one evaluation per petition; a concurrent second insert fails on it
          new TableIndex({
            name: "uq_evaluation_petition",
            columnNames: ["petition_id"],
            isUnique: true,
          }),
          new TableIndex({ name: "idx_evaluation_evaluated", columnNames: ["evaluated_at"] }),
        ],
      }),
    );
    await q.createTable(idempotencyTable());
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ["idempotency_key", "evaluation", "hotline_call", "online_message"])
      await q.dropTable(table);
  }
}
