import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../../common/db";

/**
 * 社情民意 written through the graph: the town, kind of matter and period a digest covers
 * (null on digests stored before), and the records it cites, by kind and their owner's id.
 * The second index answers "which digests cite this message?" for a page of sources at once.
 */
export class MassworkDigestSources1733400000000 implements MigrationInterface {
  name = "MassworkDigestSources1733400000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns("opinion_digest", [
      new TableColumn(column.int("town_id", true)),
      new TableColumn(column.string("category", 32, true)),
      new TableColumn({ name: "period_from", type: "date", isNullable: true }),
      new TableColumn({ name: "period_to", type: "date", isNullable: true }),
    ]);
    await q.createIndex(
      "opinion_digest",
      new TableIndex({ name: "idx_digest_town", columnNames: ["town_id", "published_at", "id"] }),
    );
    await q.createTable(
      new Table({
        name: "opinion_digest_source",
        columns: [
          { ...column.int("digest_id"), isPrimary: true },
          { ...column.string("kind", 16), isPrimary: true },
          { ...column.int("source_id"), isPrimary: true },
          column.int("position"),
        ],
        foreignKeys: [
          {
            columnNames: ["digest_id"],
            referencedTableName: "opinion_digest",
            referencedColumnNames: ["id"],
          },
        ],
        indices: [
          new TableIndex({
            name: "idx_digest_source_of",
            columnNames: ["kind", "source_id", "digest_id"],
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("opinion_digest_source");
    await q.dropIndex("opinion_digest", "idx_digest_town");
    for (const name of ["period_to", "period_from", "category", "town_id"])
      await q.dropColumn("opinion_digest", name);
  }
}
