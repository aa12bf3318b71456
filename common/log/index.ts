/** Structured logs (pino) of every part, and the record of the request a line belongs to. */
export * from "./log";
