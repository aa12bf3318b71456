import { silentLogger, type Logger } from "../common/log";
import CircuitBreaker from "opossum";

/** When a subgraph counts as down, and for how long calls to it fail at once. */
export interface BreakerPolicy {
  /** calls in the rolling window before the breaker may open */
  minimumCalls: number;
  /** the share of those calls, in percent, that failed to connect or timed out */
  failurePercent: number;
  /** how long calls fail at once before one probe call is let through */
  openMs: number;
  /** while open, how often the subgraph's own readiness is asked; ready closes the breaker at once */
  probeMs?: number;
  /** the rolling window the failures are counted in */
  windowMs: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = {
  minimumCalls: 5,
  failurePercent: 50,
  openMs: 5_000,
  windowMs: 10_000,
};

export type BreakerState = "closed" | "open" | "half-open";

type Work = () => Promise<unknown>;

/**
 * A circuit breaker per subgraph (opossum): after repeated transport failures (refused or reset
 * connections, timeouts) calls to that subgraph fail at once for `openMs`, then one probe is let
 * through; its success closes the breaker, its failure opens it again. So a department that is
 * down adds no latency to the others' answers. Answers with GraphQL errors are not failures:
 * the subgraph is up. One breaker per subgraph name, kept across supergraph reloads.
 *
 * While a breaker is open, the subgraph's own /health/ready is also asked every `probeMs`: a
 * subgraph that is back closes it at once, instead of waiting for the next probe call (a
 * restarted department is whole again within about a second of answering).
 */
export class SubgraphBreakers {
  private readonly breakers = new Map<string, CircuitBreaker<[Work], unknown>>();
  private readonly probes = new Map<string, () => Promise<boolean>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly policy: BreakerPolicy = DEFAULT_BREAKER,
    private readonly logger: Logger = silentLogger,
  ) {}

  run<T>(subgraph: string, work: () => Promise<T>): Promise<T> {
    return this.breaker(subgraph).fire(work) as Promise<T>;
  }

  state(subgraph: string): BreakerState {
    const b = this.breakers.get(subgraph);
    if (!b || b.closed) return "closed";
    return b.halfOpen ? "half-open" : "open";
  }

  /** how to ask whether the subgraph is back, while its breaker is open */
  probeWith(subgraph: string, ready: () => Promise<boolean>): void {
    this.probes.set(subgraph, ready);
  }

  shutdown(): void {
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
    for (const b of this.breakers.values()) b.shutdown();
  }

  private startProbing(subgraph: string, b: CircuitBreaker<[Work], unknown>): void {
    const ready = this.probes.get(subgraph);
    if (!ready || this.timers.has(subgraph)) return;
    let asking = false;
    const timer = setInterval(() => {
      if (asking) return;
      asking = true;
      ready()
        .then((up) => {
          if (up && !b.closed) b.close();
        })
        .catch(() => {})
        .finally(() => (asking = false));
    }, this.policy.probeMs ?? 500);
    timer.unref();
    this.timers.set(subgraph, timer);
  }

  private stopProbing(subgraph: string): void {
    clearInterval(this.timers.get(subgraph));
    this.timers.delete(subgraph);
  }

  private breaker(subgraph: string): CircuitBreaker<[Work], unknown> {
    let b = this.breakers.get(subgraph);
    if (!b) {
      b = new CircuitBreaker((work: Work) => work(), {
        timeout: false, // each call has its own timeout (subgraph-source.ts)
        volumeThreshold: this.policy.minimumCalls,
        errorThresholdPercentage: this.policy.failurePercent,
        resetTimeout: this.policy.openMs,
        rollingCountTimeout: this.policy.windowMs,
        rollingCountBuckets: 10,
      });
      const breaker = b;
      b.on("open", () => {
        this.logger.warn(
          { subgraph, openMs: this.policy.openMs },
          "breaker open: calls to the subgraph fail at once",
        );
        this.startProbing(subgraph, breaker);
      });
      b.on("halfOpen", () =>
        this.logger.info({ subgraph }, "breaker half-open: one probe call goes through"),
      );
      b.on("close", () => {
        this.stopProbing(subgraph);
        this.logger.info({ subgraph }, "breaker closed: the subgraph answers again");
      });
      this.breakers.set(subgraph, b);
    }
    return b;
  }
}

/** The breaker refused the call without trying (opossum's code for an open breaker). */
export function isOpenBreaker(e: unknown): boolean {
  return (e as { code?: string })?.code === "EOPENBREAKER";
}
