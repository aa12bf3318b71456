/**
 * The one place that decides which of a client's request headers reach the subgraphs.
 * Access control builds on it: the caller's identity travels from here.
 */
export const FORWARDED_HEADERS = ["authorization", "x-request-id", "accept-language"] as const;

export function forwardedHeaders(incoming: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = incoming[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
