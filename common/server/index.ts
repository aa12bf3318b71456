/** A subgraph's server: its schema builder, HTTP server, request context, error formatting, graph client and personal-data audit. */
export * from "./subgraph";
export * from "./context";
export * from "./schema";
export * from "./subgraph-errors";
export * from "./graph-client";
export * from "./audit";
export * from "./audit-log";
