import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../../common/db";

/**
 * Petitioners' details can be corrected now: a version to refuse stale corrections, as petitions
 * have, starting at 1 for the petitioners already recorded.
 */
export class BureauPetitionerVersion1733700000000 implements MigrationInterface {
  name = "BureauPetitionerVersion1733700000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn("petitioner", new TableColumn({ ...column.int("version"), default: 1 }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn("petitioner", "version");
  }
}
