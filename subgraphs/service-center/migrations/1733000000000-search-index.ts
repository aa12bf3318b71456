import { searchIndexMigration } from "../../../common/search";
import { serviceCenterSearchIndexes } from "../services/search-index";

/** The full-text indexes of online messages and hotline calls, filled with the records already stored. */
export const ServiceCenterSearchIndex1733000000000 = searchIndexMigration(
  "ServiceCenterSearchIndex1733000000000",
  serviceCenterSearchIndexes,
);
