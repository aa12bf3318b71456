import { benchRequire } from "./peers";
import { Samples } from "./stats";

/** autocannon, from the bench's own packages (peers.ts) */
const autocannon = benchRequire("autocannon") as typeof import("autocannon");

/** One closed-loop run: every connection sends its next request as soon as the last one is answered. */
export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  /** each connection's own headers (one account each), instead of `headers` */
  connectionHeaders?: Record<string, string>[];
  /** request bodies, sent in turn by every connection */
  bodies: string[];
  connections: number;
  durationSec: number;
}

export interface LoadResult {
  requests: number;
  durationSec: number;
  rps: number;
  latencies: Samples;
  /** transport errors and timeouts, non-2xx answers, and answers that carry GraphQL errors */
  errors: number;
  /** the first error answer seen, cut short, to say what went wrong */
  firstError: string | null;
}

/**
 * A GraphQL answer with a top-level `errors` member, found without parsing: the check runs on
 * every answer, and no type in the graph has a field named `errors` that could match instead.
 */
export function hasGraphQLErrors(body: string): boolean {
  return body.startsWith('{"errors"') || body.includes(',"errors":[');
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies = new Samples();
  let answerErrors = 0;
  let firstError: string | null = null;
  const onResponse = (status: number, body: string) => {
    if (status >= 200 && status < 300 && !hasGraphQLErrors(body)) return;
    answerErrors++;
    firstError ??= `${status}: ${body.slice(0, 300)}`;
  };
  // Each connection starts at its own place in the bodies, so that connections do not send the
  // same request in lockstep: real callers ask for different records at any one moment.
  const step = Math.max(1, Math.floor(spec.bodies.length / spec.connections));
  let clients = 0;
  const requestsFrom = (start: number, headers?: Record<string, string>) =>
    spec.bodies.map((_, i) => ({
      method: "POST" as const,
      body: spec.bodies[(start + i) % spec.bodies.length],
      onResponse,
      ...(headers ? { headers } : {}),
    }));
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        method: "POST",
        headers: spec.headers,
        connections: spec.connections,
        duration: spec.durationSec,
        timeout: 30,
        requests: requestsFrom(0),
        setupClient: (client) => {
          const n = clients++;
          client.setRequests(
            requestsFrom(
              (n * step) % spec.bodies.length,
              spec.connectionHeaders?.[n % spec.connectionHeaders.length],
            ),
          );
        },
      },
      (err, result) => {
        if (err) return reject(err);
        const errors = result.errors + answerErrors;
        if (result.errors && !firstError)
          firstError = `${result.errors} connection errors (${result.timeouts} timeouts)`;
        resolve({
          requests: latencies.length,
          durationSec: result.duration,
          rps: latencies.length / result.duration,
          latencies,
          errors,
          firstError,
        });
      },
    );
    instance.on("response", (_client, _status, _bytes, responseTime: number) =>
      latencies.add(responseTime),
    );
  });
}
