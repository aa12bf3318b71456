import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../../common/db";

/** The kept number of petitions (see petition-total.ts); empty until first asked for. */
export class BureauPetitionTotal1733200000000 implements MigrationInterface {
  name = "BureauPetitionTotal1733200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "petition_total",
        columns: [{ ...column.int("id"), isPrimary: true }, column.int("n")],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("petition_total");
  }
}
