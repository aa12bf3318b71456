import { searchBitsMigration } from "../../../common/search";
import { massworkSearchIndexes } from "../services/search-index";

/** The dispute items' and digests' common tokens' block bitmaps and recent postings (see common/search/blocks.ts), sealed from the records stored. */
export const MassworkSearchBits1734500000000 = searchBitsMigration(
  "MassworkSearchBits1734500000000",
  massworkSearchIndexes,
);
