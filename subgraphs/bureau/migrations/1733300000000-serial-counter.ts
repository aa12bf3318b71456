import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../../common/db";
import { recountSerialNumbers } from "../services/serial-numbers";

/** A counter per year for serial numbers (see serial-numbers.ts), started at what the petitions already hold. */
export class BureauSerialCounter1733300000000 implements MigrationInterface {
  name = "BureauSerialCounter1733300000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "serial_counter",
        columns: [{ ...column.int("serial_year"), isPrimary: true }, column.int("last_number")],
      }),
    );
    await recountSerialNumbers(q.manager);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("serial_counter");
  }
}
