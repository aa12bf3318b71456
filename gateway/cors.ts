import cors from "cors";
import type { RequestHandler } from "express";

/** The headers front ends send to the graph, as a preflight asks for them. */
export const CORS_REQUEST_HEADERS = [
  "authorization",
  "content-type",
  "x-request-id",
  "traceparent",
  "tracestate",
  "apollo-require-preflight",
];

/**
 * CORS for the pages of the listed origins (`CORS_ORIGINS`), and for none by default: their
 * preflight succeeds with the headers front ends send, and their answers may be read. Any other
 * origin gets no CORS header, so the browser keeps the answer from its page. CSRF prevention is
 * Apollo's and stays on: a simple request (no preflight) is still refused by it.
 */
export function corsFor(origins: string[]): RequestHandler | null {
  if (!origins.length) return null;
  const allowed = new Set(origins);
  return cors({
    origin: (origin, done) => done(null, origin !== undefined && allowed.has(origin)),
    methods: ["GET", "POST"],
    allowedHeaders: CORS_REQUEST_HEADERS,
    exposedHeaders: ["x-request-id"],
    credentials: false,
    maxAge: 600,
  });
}
