import { searchRebuildLogMigration } from "../../../common/search";
import { massworkSearchIndexes } from "../services/search-index";

/** Where writers note the dispute items and digests they write while the search index is rebuilt (MySQL; see FullTextIndex.rebuild). */
export const MassworkSearchRebuildLog1734600000000 = searchRebuildLogMigration(
  "MassworkSearchRebuildLog1734600000000",
  massworkSearchIndexes,
);
