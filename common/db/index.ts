/** The database: data source, isolated transactions, migrations' column shapes, per-request loaders, pagination, idempotency. */
export * from "./database";
export * from "./database-errors";
export * from "./transactions";
export * from "./migration";
export * from "./loaders";
export * from "./pagination";
export * from "./idempotency";
export * from "./sql";
export * from "./period-bucket";
export * from "./figure-cache";
export * from "./owner-pages";
