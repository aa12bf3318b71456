import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { column, idempotencyTable } from "../../../common/db";

const town = (name = "town_id") => ({
  columnNames: [name],
  referencedTableName: "town",
  referencedColumnNames: ["id"],
});
const leader = {
  columnNames: ["leader_id"],
  referencedTableName: "leader",
  referencedColumnNames: ["id"],
};

export class MassworkInitial1732500000000 implements MigrationInterface {
  name = "MassworkInitial1732500000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({ name: "town", columns: [column.id(), column.string("name", 50)] }),
    );
    await q.createTable(
      new Table({
        name: "leader",
        columns: [
          column.id(),
          column.string("name", 50),
          column.string("title", 100),
          column.string("level", 16),
          column.int("town_id", true),
        ],
        foreignKeys: [town()],
        indices: [
          new TableIndex({ name: "idx_leader_level", columnNames: ["level", "id"] }),
          new TableIndex({ name: "idx_leader_town", columnNames: ["town_id"] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: "work_station",
        columns: [
          column.id(),
          column.string("name", 100),
          column.string("level", 16),
          column.int("town_id"),
        ],
        foreignKeys: [town()],
        indices: [
          new TableIndex({ name: "idx_work_station_town", columnNames: ["town_id", "id"] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: "reception_duty",
        columns: [
          column.id(),
          column.date("date"),
          column.int("leader_id"),
          column.string("level", 16),
          column.string("location", 100),
        ],
        foreignKeys: [leader],
        indices: [
          // one duty per leader and day; also finds the duty a reception belongs to
          new TableIndex({
            name: "uq_duty_leader_date",
            columnNames: ["leader_id", "date"],
            isUnique: true,
          }),
          new TableIndex({ name: "idx_duty_date", columnNames: ["date", "id"] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: "reception",
        columns: [
          column.id(),
          column.int("duty_id", true),
          column.int("leader_id"),
          column.time("received_at"),
          column.int("headcount"),
          column.string("matter", 500),
          column.int("petition_id", true),
        ],
        foreignKeys: [
          leader,
          {
            columnNames: ["duty_id"],
            referencedTableName: "reception_duty",
            referencedColumnNames: ["id"],
          },
        ],
        indices: [
          new TableIndex({ name: "idx_reception_petition", columnNames: ["petition_id"] }),
          new TableIndex({ name: "idx_reception_received", columnNames: ["received_at"] }),
          new TableIndex({
            name: "idx_reception_leader",
            columnNames: ["leader_id", "received_at"],
          }),
          new TableIndex({ name: "idx_reception_duty", columnNames: ["duty_id"] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: "risk_item",
        columns: [
          column.id(),
          column.int("town_id"),
          column.string("category", 32),
          column.text("description"),
          column.string("status", 16),
          column.time("reported_at"),
          column.time("resolved_at", true),
          column.int("petition_id", true),
        ],
        foreignKeys: [town()],
        indices: [
          new TableIndex({ name: "idx_risk_petition", columnNames: ["petition_id"] }),
          new TableIndex({ name: "idx_risk_reported", columnNames: ["reported_at", "id"] }),
          new TableIndex({ name: "idx_risk_resolved", columnNames: ["resolved_at"] }),
          new TableIndex({ name: "idx_risk_town", columnNames: ["town_id", "reported_at"] }),
          new TableIndex({ name: "idx_risk_status", columnNames: ["status", "reported_at"] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: "opinion_digest",
        columns: [
          column.id(),
          column.string("title", 200),
          column.text("summary"),
          column.time("published_at"),
        ],
        indices: [
          new TableIndex({ name: "idx_digest_published", columnNames: ["published_at", "id"] }),
        ],
      }),
    );
    await q.createTable(idempotencyTable());
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      "idempotency_key",
      "opinion_digest",
      "risk_item",
      "reception",
      "reception_duty",
      "work_station",
      "leader",
      "town",
    ])
      await q.dropTable(table);
  }
}
