import type { MigrationInterface, QueryRunner } from "typeorm";
import { personalDataReadTable } from "../../../common/server";

/** Every unmasked read of a petitioner's personal data is recorded here. */
export class BureauPersonalDataAudit1732600000000 implements MigrationInterface {
  name = "BureauPersonalDataAudit1732600000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(personalDataReadTable());
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("personal_data_read");
  }
}
