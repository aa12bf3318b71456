import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

/**
 * What one request did, filled in as it goes (the HTTP layer, the operation's plugin, each
 * subgraph call) and written as one line when its answer has been sent.
 */
export interface RequestRecord {
  /** from the client's `x-request-id` when it is a sensible one, else made here */
  id: string;
  startedAt: number;
  operation?: { name: string; type: string };
  caller?: { role: string; account: string | null };
  /** error codes of the answer, each once */
  codes: string[];
  /** the gateway's calls to subgraphs */
  calls: { subgraph: string; ms: number; outcome: string }[];
  /** the subgraph's SQL statements for this request */
  statements: number;
  /** the request's trace, when traces are on (common/trace) */
  traceId?: string;
}

const requests = new AsyncLocalStorage<RequestRecord>();

/** The record of the request the calling code runs for, if any. */
export function currentRequest(): RequestRecord | undefined {
  return requests.getStore();
}

/** Runs `work` as the given request: every log line it writes carries the request's id. */
export function asRequest<T>(record: RequestRecord, work: () => T): T {
  return requests.run(record, work);
}

/** A request id a client may choose: short printable ASCII; anything else is replaced. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function newRequestRecord(clientId: string | undefined): RequestRecord {
  return {
    id: clientId && CLIENT_REQUEST_ID.test(clientId) ? clientId : randomUUID(),
    startedAt: performance.now(),
    codes: [],
    calls: [],
    statements: 0,
  };
}

/**
 * Standard output as every logger of this process writes it: pino's asynchronous destination
 * (`pino.destination({ sync: false, minLength })`, pino's docs/asynchronous.md), shared by the
 * parts one process runs so that their lines never interleave. Written synchronously, every
 * request's line was a write(2) of its own: 8% of a loaded gateway's busy time in a CPU profile
 * (bench, 2026-11-27; gateway/README.md). Buffered, lines go out 4 KB at a time, or within a
 * second when the process is quiet (sonic-boom's `periodicFlush`), and whatever is held is written on exit (pino does that);
 * a process killed outright loses at most the last second's lines.
 */
let stdoutDestination: DestinationStream | null = null;
function sharedStdout(): DestinationStream {
  stdoutDestination ??= pino.destination({
    dest: 1,
    sync: false,
    minLength: 4096,
    periodicFlush: 1000,
  });
  return stdoutDestination;
}

export interface LogOptions {
  level: string;
  format: "json" | "pretty";
  /** where lines go instead of stdout (tests) */
  destination?: DestinationStream;
}

/**
 * A part's logger (pino): JSON lines on stdout, or pretty for a developer's terminal. Every
 * line names the part and, inside a request, its id. Keys that could hold secrets or personal
 * data are censored whatever a caller passes: the code never logs variables, tokens or SQL
 * parameters, and this is the second lock on that door.
 */
export function createLogger(part: string, options: LogOptions): Logger {
  const settings = {
    level: options.level,
    base: { part },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const request = requests.getStore();
      return request ? { requestId: request.id } : {};
    },
    redact: {
      paths: [
        "authorization",
        "token",
        "variables",
        "parameters",
        "*.authorization",
        "*.token",
        "*.variables",
        "*.parameters",
        "headers.authorization",
        "headers.x-caller",
      ],
      censor: "[hidden]",
    },
  };
  if (options.destination) return pino(settings, options.destination);
  if (options.format === "pretty")
    return pino({
      ...settings,
      transport: {
        target: "pino-pretty",
        options: { colorize: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname" },
      },
    });
  return pino(settings, sharedStdout());
}

/** A logger that writes nothing: for code whose caller gave none (scripts, unit tests). */
export const silentLogger: Logger = pino({ level: "silent" });
