import { searchPostingsMigration } from "../../../common/search";
import { massworkSearchIndexes } from "../services/search-index";

/** The dispute items' and digests' common tokens and postings (see common/search/full-text.ts), filled from the records stored. */
export const MassworkSearchPostings1734300000000 = searchPostingsMigration(
  "MassworkSearchPostings1734300000000",
  massworkSearchIndexes,
);
