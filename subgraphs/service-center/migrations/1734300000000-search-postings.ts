import { searchPostingsMigration } from "../../../common/search";
import { serviceCenterSearchIndexes } from "../services/search-index";

/** The messages' and calls' common tokens and postings (see common/search/full-text.ts), filled from the records stored. */
export const ServiceCenterSearchPostings1734300000000 = searchPostingsMigration(
  "ServiceCenterSearchPostings1734300000000",
  serviceCenterSearchIndexes,
);
