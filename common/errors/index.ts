/** Errors written for clients (the field and the reason) and the filter that keeps everything else from them. */
export * from "./user-errors";
export * from "./client-errors";
