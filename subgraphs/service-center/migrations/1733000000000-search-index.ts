import type { MigrationInterface, QueryRunner } from "typeorm";
import { serviceCenterSearchIndexes } from "../search-index";

/** The full-text indexes of online messages and hotline calls, filled with the records already stored. */
export class ServiceCenterSearchIndex1733000000000 implements MigrationInterface {
  name = "ServiceCenterSearchIndex1733000000000";

  async up(q: QueryRunner): Promise<void> {
    for (const index of serviceCenterSearchIndexes) await index.create(q);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of serviceCenterSearchIndexes) await index.drop(q);
  }
}
