import type { MigrationInterface, QueryRunner } from "typeorm";
import { massworkSearchIndexes } from "../search-index";

/** The full-text indexes of risk items and opinion digests, filled with the records already stored. */
export class MassworkSearchIndex1733000000000 implements MigrationInterface {
  name = "MassworkSearchIndex1733000000000";

  async up(q: QueryRunner): Promise<void> {
    for (const index of massworkSearchIndexes) await index.create(q);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of massworkSearchIndexes) await index.drop(q);
  }
}
