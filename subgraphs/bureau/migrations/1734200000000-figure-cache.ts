import type { MigrationInterface, QueryRunner } from "typeorm";
import { createFigureCache, dropFigureCache, type FigureSource } from "../../../common/db";

/**
 * The per-day cache of the bureau's figures (`statistics`, the annual report), its change log,
 * and the triggers that log the days of every written petition, visit, forwarding and backlog
 * item (common/db figure-cache.ts). A petition's days are each time column a figure buckets by:
 * any change of the petition (status, acceptance, reply, a correction) touches its figures there.
 */
const SOURCES: FigureSource[] = [
  { table: "petition", columns: ["received_at", "accepted_at", "replied_at", "due_at"] },
  { table: "visit", columns: ["received_at"] },
  { table: "forwarding", columns: ["forwarded_at"] },
  { table: "backlog_case", columns: ["assigned_at"] },
];

export class BureauFigureCache1734200000000 implements MigrationInterface {
  name = "BureauFigureCache1734200000000";

  async up(q: QueryRunner): Promise<void> {
    await createFigureCache(q, SOURCES);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropFigureCache(q, SOURCES);
  }
}
