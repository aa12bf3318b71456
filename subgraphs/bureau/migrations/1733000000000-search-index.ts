import type { MigrationInterface, QueryRunner } from "typeorm";
import { petitionSearch } from "../search-index";

/** The petitions' full-text index, filled with the petitions already stored. */
export class BureauSearchIndex1733000000000 implements MigrationInterface {
  name = "BureauSearchIndex1733000000000";

  async up(q: QueryRunner): Promise<void> {
    await petitionSearch.create(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await petitionSearch.drop(q);
  }
}
