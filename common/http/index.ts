/** The HTTP server every part runs on: /graphql, health, graceful stop, one log line per request. */
export * from "./http";
export * from "./request-log";
