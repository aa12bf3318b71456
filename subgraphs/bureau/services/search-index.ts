import { FullTextIndex } from "../../../common/search";

/** 信访事项 by serial number, title and content; the petitioners are never indexed. */
export const petitionSearch = new FullTextIndex({
  table: "petition",
  columns: ["serial_no", "title", "content"],
  recency: "received_at",
  recencyIndex: "idx_petition_received",
});
