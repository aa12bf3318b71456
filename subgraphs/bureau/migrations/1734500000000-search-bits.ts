import { searchBitsMigration } from "../../../common/search";
import { petitionSearch } from "../services/search-index";

/** The petitions' common tokens' block bitmaps and recent postings (see common/search/blocks.ts), sealed from the records stored. */
export const BureauSearchBits1734500000000 = searchBitsMigration("BureauSearchBits1734500000000", [
  petitionSearch,
]);
