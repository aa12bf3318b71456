import { hitConnectionType } from "../../../common/search";
import { HotlineCall } from "./hotline-call";
import { OnlineMessage } from "./online-message";

/** Pages of the service center's records found by the unified search. */
export const OnlineMessageHitConnection = hitConnectionType(
  OnlineMessage,
  "OnlineMessage",
  "website messages",
);
export const HotlineCallHitConnection = hitConnectionType(
  HotlineCall,
  "HotlineCall",
  "hotline calls",
);
