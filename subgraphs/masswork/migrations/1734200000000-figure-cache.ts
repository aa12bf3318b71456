import type { MigrationInterface, QueryRunner } from "typeorm";
import {
  createFigureCache,
  dropFigureCache,
  sqlDayOf,
  type FigureDependency,
  type FigureSource,
} from "../../../common/db";

/**
 * The per-day cache of masswork's figures (disputes, leaders' receptions, digests), its change
 * log, and the triggers that log the days of every written risk item, reception and digest
 * (common/db figure-cache.ts). Receptions are counted by their leader's level: a leader whose
 * level changes (or who is deleted) touches the days of all their receptions.
 */
const SOURCES: FigureSource[] = [
  { table: "risk_item", columns: ["reported_at", "resolved_at"] },
  { table: "reception", columns: ["received_at"] },
  { table: "opinion_digest", columns: ["published_at"] },
];

const DEPENDENCIES: FigureDependency[] = [
  {
    table: "leader",
    // a new leader has no receptions yet
    events: ["UPDATE", "DELETE"],
    days: (sqlite, event, r) =>
      `SELECT ${sqlDayOf(sqlite, "x.received_at")} AS d FROM reception x WHERE x.leader_id = ${r}.id` +
      (event === "UPDATE" ? " AND (OLD.level <> NEW.level OR OLD.id <> NEW.id)" : ""),
  },
];

export class MassworkFigureCache1734200000000 implements MigrationInterface {
  name = "MassworkFigureCache1734200000000";

  async up(q: QueryRunner): Promise<void> {
    await createFigureCache(q, SOURCES, DEPENDENCIES);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropFigureCache(q, SOURCES, DEPENDENCIES);
  }
}
