import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../../common/db";

/**
 * What an extension records beside its reason: the days added, when and by whom. Petitions
 * extended before this migration get them from their status history, which the extension wrote
 * as "extended by N days: reason" with the actor; replies get their text into the history's
 * REPLIED step, as declines already had their reason there.
 */
export class BureauPetitionRecords1733500000000 implements MigrationInterface {
  name = "BureauPetitionRecords1733500000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns("petition", [
      new TableColumn(column.int("extension_days", true)),
      new TableColumn(column.time("extended_at", true)),
      new TableColumn(column.string("extended_by", 100, true)),
    ]);
    // "extended by " is 12 characters: the days start at the 13th; one extension per petition
    const extension = (what: string) =>
      `(SELECT MAX(${what}) FROM status_change sc
        WHERE sc.petition_id = petition.id AND sc.note LIKE 'extended by % days: %')`;
    await q.query(
      `UPDATE petition SET
         extension_days = ${extension("SUBSTR(sc.note, 13, INSTR(sc.note, ' days: ') - 13)")},
         extended_at = ${extension("sc.at")},
         extended_by = ${extension("sc.actor")}
       WHERE extension_reason IS NOT NULL`,
    );
    await q.query(
      `UPDATE status_change SET note =
         (SELECT p.reply_text FROM petition p WHERE p.id = status_change.petition_id)
       WHERE to_status = 'REPLIED' AND from_status IN ('ACCEPTED', 'IN_PROGRESS') AND note IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE status_change SET note = NULL
       WHERE to_status = 'REPLIED' AND from_status IN ('ACCEPTED', 'IN_PROGRESS')`,
    );
    await q.dropColumns("petition", ["extended_by", "extended_at", "extension_days"]);
  }
}
