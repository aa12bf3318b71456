import type { MigrationInterface, QueryRunner } from "typeorm";
import { createFigureCache, dropFigureCache, type FigureSource } from "../../../common/db";

/**
 * The per-day cache of the service center's figures (website messages, hotline calls,
 * evaluations), its change log, and the triggers that log the day of every written row
 * (common/db figure-cache.ts). A message's reply changes the day it was posted.
 */
const SOURCES: FigureSource[] = [
  { table: "online_message", columns: ["posted_at"] },
  { table: "hotline_call", columns: ["received_at"] },
  { table: "evaluation", columns: ["evaluated_at"] },
];

export class ServiceCenterFigureCache1734200000000 implements MigrationInterface {
  name = "ServiceCenterFigureCache1734200000000";

  async up(q: QueryRunner): Promise<void> {
    await createFigureCache(q, SOURCES);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropFigureCache(q, SOURCES);
  }
}
