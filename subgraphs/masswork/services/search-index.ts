import { FullTextIndex } from "../../../common/search";

/** 矛盾隐患 by their description: a matter and a place. */
export const riskItemSearch = new FullTextIndex({
  table: "risk_item",
  columns: ["description"],
  recency: "reported_at",
  recencyIndex: "idx_risk_reported",
  town: "town_id",
  category: "category",
});

/** 社情民意 by title and summary. */
export const opinionDigestSearch = new FullTextIndex({
  table: "opinion_digest",
  columns: ["title", "summary"],
  recency: "published_at",
  recencyIndex: "idx_digest_published",
});

/** Every index of this department, for migrations and rebuilds. */
export const massworkSearchIndexes = [riskItemSearch, opinionDigestSearch];
