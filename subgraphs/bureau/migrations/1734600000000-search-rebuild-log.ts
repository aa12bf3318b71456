import { searchRebuildLogMigration } from "../../../common/search";
import { petitionSearch } from "../services/search-index";

/** Where writers note the petitions they write while the search index is rebuilt (MySQL; see FullTextIndex.rebuild). */
export const BureauSearchRebuildLog1734600000000 = searchRebuildLogMigration(
  "BureauSearchRebuildLog1734600000000",
  [petitionSearch],
);
