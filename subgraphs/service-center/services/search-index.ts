import { FullTextIndex } from "../../../common/search";

/** 网络留言 by title, content and reply; the author is never indexed. */
export const messageSearch = new FullTextIndex({
  table: "online_message",
  columns: ["title", "content", "reply_text"],
  recency: "posted_at",
  recencyIndex: "idx_message_posted",
  town: "town_id",
  category: "category",
});

/** 热线来电 by their summary. */
export const hotlineCallSearch = new FullTextIndex({
  table: "hotline_call",
  columns: ["summary"],
  recency: "received_at",
  recencyIndex: "idx_hotline_received",
  town: "town_id",
  category: "category",
});

/** Every index of this department, for migrations and rebuilds. */
export const serviceCenterSearchIndexes = [messageSearch, hotlineCallSearch];
