/** The HTTP server every part runs on: /graphql, /health/live and /health/ready, graceful stop. */
export * from "./http";
