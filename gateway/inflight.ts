import type { Fetcher, FetcherResponse } from "@apollo/utils.fetcher";

/**
 * Identical subgraph queries in flight at the same moment share one subgraph call: same URL,
 * same headers (so the same caller identity, never another caller's rights) and the same body.
 * Mutations never do, and nothing is kept once the call answers.
 *
 * Reads never see less than they would alone: the key holds the gateway's write epoch, which
 * moves when any mutation starts and again when it ends, so a query that starts after a write
 * began never joins a call that started before it, and read-your-writes holds. Every write
 * passes this gateway (the subgraphs answer nothing else); with several gateway replicas the
 * epoch is per replica, so a deployment that runs more than one turns sharing off.
 */
export class WriteEpoch {
  private value = 0;
  current(): number {
    return this.value;
  }
  advance(): void {
    this.value++;
  }
}

function isQuery(body: string): boolean {
  // RemoteGraphQLDataSource puts the operation text first; anything else is sent on its own.
  return body.startsWith('{"query":"query') || body.startsWith('{"query":"{');
}

export function shareInflightQueries(fetcher: Fetcher, epoch: WriteEpoch): Fetcher {
  const inflight = new Map<string, Promise<FetcherResponse>>();
  return async (url, init = {}) => {
    const body = init.body;
    if (init.method !== "POST" || typeof body !== "string" || !isQuery(body)) return fetcher(url, init);
    const key = `${epoch.current()}\n${url}\n${JSON.stringify(init.headers ?? {})}\n${body}`;
    let shared = inflight.get(key);
    if (!shared) {
      shared = fetcher(url, init);
      inflight.set(key, shared);
      const forget = () => inflight.delete(key);
      shared.then(forget, forget);
    }
    // every caller gets its own copy, so that no two requests ever hold the same objects
    return (await shared).clone();
  };
}
