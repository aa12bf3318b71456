import { searchIndexMigration } from "../../../common/search";
import { petitionSearch } from "../services/search-index";

/** The petitions' full-text index, filled with the petitions already stored. */
export const BureauSearchIndex1733000000000 = searchIndexMigration(
  "BureauSearchIndex1733000000000",
  [petitionSearch],
);
