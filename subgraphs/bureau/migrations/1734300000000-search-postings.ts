import { searchPostingsMigration } from "../../../common/search";
import { petitionSearch } from "../services/search-index";

/** The petitions' common tokens and postings (see common/search/full-text.ts), filled from the petitions stored. */
export const BureauSearchPostings1734300000000 = searchPostingsMigration(
  "BureauSearchPostings1734300000000",
  [petitionSearch],
);
