import { searchBitsMigration } from "../../../common/search";
import { serviceCenterSearchIndexes } from "../services/search-index";

/** The messages' and calls' common tokens' block bitmaps and recent postings (see common/search/blocks.ts), sealed from the records stored. */
export const ServiceCenterSearchBits1734500000000 = searchBitsMigration(
  "ServiceCenterSearchBits1734500000000",
  serviceCenterSearchIndexes,
);
