import { searchIndexMigration } from "../../../common/search";
import { massworkSearchIndexes } from "../services/search-index";

/** The full-text indexes of risk items and opinion digests, filled with the records already stored. */
export const MassworkSearchIndex1733000000000 = searchIndexMigration(
  "MassworkSearchIndex1733000000000",
  massworkSearchIndexes,
);
