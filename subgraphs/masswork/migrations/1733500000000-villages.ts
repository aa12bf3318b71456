import {
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
} from "typeorm";
import { column } from "../../../common/db";

const ROOM = "群众工作室";
const toVillage = (table: string) =>
  new TableForeignKey({
    name: `fk_${table}_village`,
    columnNames: ["village_id"],
    referencedTableName: "village",
    referencedColumnNames: ["id"],
  });

/**
 * The network's third level: villages (村), each in a town; a village's work room (群众工作室)
 * and its 村"两委" heads point to it. The village work rooms already recorded become the villages
 * (a room is named after its village: 东营村群众工作室).
 */
export class MassworkVillages1733500000000 implements MigrationInterface {
  name = "MassworkVillages1733500000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "village",
        columns: [column.id(), column.string("name", 50), column.int("town_id")],
        foreignKeys: [
          { columnNames: ["town_id"], referencedTableName: "town", referencedColumnNames: ["id"] },
        ],
        indices: [new TableIndex({ name: "idx_village_town", columnNames: ["town_id", "id"] })],
      }),
    );
    for (const table of ["leader", "work_station"]) {
      await q.addColumn(table, new TableColumn(column.int("village_id", true)));
      await q.createForeignKey(table, toVillage(table));
      await q.createIndex(
        table,
        new TableIndex({ name: `idx_${table}_village`, columnNames: ["village_id", "id"] }),
      );
    }
    await q.query(
      `INSERT INTO village (name, town_id)
       SELECT REPLACE(name, ?, ''), town_id FROM work_station WHERE level = 'VILLAGE' ORDER BY id`,
      [ROOM],
    );
    await q.query(
      `UPDATE work_station SET village_id =
         (SELECT MIN(v.id) FROM village v
          WHERE v.town_id = work_station.town_id AND v.name = REPLACE(work_station.name, ?, ''))
       WHERE level = 'VILLAGE'`,
      [ROOM],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ["work_station", "leader"]) {
      // MySQL keeps an index a foreign key needs: the key goes first
      await q.dropForeignKey(table, `fk_${table}_village`);
      await q.dropIndex(table, `idx_${table}_village`);
      await q.dropColumn(table, "village_id");
    }
    await q.dropTable("village");
  }
}
