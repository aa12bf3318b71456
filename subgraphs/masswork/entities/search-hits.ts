import { hitConnectionType } from "../../../common/search";
import { OpinionDigest } from "./opinion-digest";
import { RiskItem } from "./risk-item";

/** Pages of masswork's records found by the unified search. */
export const RiskItemHitConnection = hitConnectionType(RiskItem, "RiskItem", "dispute items");
export const OpinionDigestHitConnection = hitConnectionType(
  OpinionDigest,
  "OpinionDigest",
  "opinion digests",
);
