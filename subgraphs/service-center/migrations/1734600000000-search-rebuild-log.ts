import { searchRebuildLogMigration } from "../../../common/search";
import { serviceCenterSearchIndexes } from "../services/search-index";

/** Where writers note the messages and calls they write while the search index is rebuilt (MySQL; see FullTextIndex.rebuild). */
export const ServiceCenterSearchRebuildLog1734600000000 = searchRebuildLogMigration(
  "ServiceCenterSearchRebuildLog1734600000000",
  serviceCenterSearchIndexes,
);
