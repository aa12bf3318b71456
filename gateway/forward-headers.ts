/**
 * The one place that decides which of a client's request headers reach the subgraphs. The
 * client's token stays at the gateway: subgraphs receive the verified caller, signed (x-caller),
 * and nothing a client sends can take its place.
 */
export const FORWARDED_HEADERS = ["x-request-id", "accept-language"] as const;

export function forwardedHeaders(incoming: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = incoming[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
