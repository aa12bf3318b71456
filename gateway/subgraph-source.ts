import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { Kind, parse, type GraphQLFormattedError, type OperationDefinitionNode } from "graphql";
import { CALLER_HEADER } from "../common/auth";
import { currentRequest, silentLogger, type Logger } from "../common/log";
import { injectTraceHeaders, inSpan, SpanKind, SpanStatusCode } from "../common/trace";
import { isOpenBreaker, type SubgraphBreakers } from "./breakers";
import { forwardedHeaders } from "./forward-headers";
import { memo } from "./memo";
import type { SubgraphClient } from "./subgraph-client";

/** What the gateway's request context holds that a subgraph call needs. */
export interface SubgraphCallContext {
  headers?: Record<string, string>;
  /** the caller as subgraphs receive it, signed once per request */
  signedCaller?: string;
}

type Answer = Awaited<ReturnType<GraphQLDataSource["process"]>>;

/** Transport failures after which a query is sent once more: the subgraph never saw it, or the connection broke. */
const RETRYABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);
/** Errors per failed entity fetch at most: one per entity the fetch was for. */
const MAX_ERRORS_PER_FETCH = 50;

/** The response names of an operation's root fields, and whether it is a mutation: parsed once per text. */
const shapeOf = memo((query: string) => {
  const operation = parse(query).definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const roots = (operation?.selectionSet.selections ?? []).flatMap((s) =>
    s.kind === Kind.FIELD ? [(s.alias ?? s.name).value] : [],
  );
  return { mutation: operation?.operation !== "query", roots };
});

export interface SubgraphPolicy {
  /** a call that has not answered in this time fails (and counts against the breaker) */
  timeoutMs: number;
  /** told of each call: its time and how it ended (metrics) */
  observe?: (seconds: number, outcome: string) => void;
}

/**
 * One subgraph as the gateway calls it: the operation the query plan gives, as JSON, with the
 * client's forwarded headers (forward-headers.ts) and the signed caller. It fails fast and says
 * what failed:
 * - each call has a timeout; a query (never a mutation) is sent once more after a connection
 *   error; repeated failures open the subgraph's breaker (breakers.ts);
 * - a subgraph that cannot answer gives SUBGRAPH_UNAVAILABLE errors with its name and the path
 *   of each field it was asked for, and no data: the gateway nulls only those fields, and the
 *   others' answers stand. Its address, the transport error and its raw answer go to the log.
 */
export class SubgraphSource implements GraphQLDataSource<SubgraphCallContext> {
  constructor(
    readonly name: string,
    readonly url: string,
    private readonly client: SubgraphClient,
    private readonly breakers: SubgraphBreakers,
    private readonly policy: SubgraphPolicy,
    private readonly logger: Logger = silentLogger,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<SubgraphCallContext>): Promise<Answer> {
    const started = performance.now();
    // a client span per call, under the gateway's fetch span; its outcome, never its variables
    const answer = await inSpan(
      "gateway",
      `subgraph ${this.name}`,
      SpanKind.CLIENT,
      { "petition.subgraph": this.name },
      async (span) => {
        const answer = await this.call(options);
        const code = answer.errors?.[0]?.extensions?.code;
        if (span && code) span.setAttribute("petition.error_code", String(code));
        if (span && code === "SUBGRAPH_UNAVAILABLE") span.setStatus({ code: SpanStatusCode.ERROR });
        return answer;
      },
    );
    // the request's log line lists each subgraph call, its time and how it ended
    const ms = performance.now() - started;
    const outcome = answer.errors?.length
      ? String(answer.errors[0].extensions?.code ?? "errors")
      : "ok";
    currentRequest()?.calls.push({ subgraph: this.name, ms: Math.round(ms * 10) / 10, outcome });
    this.policy.observe?.(ms / 1000, outcome);
    return answer;
  }

  private async call({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<SubgraphCallContext>): Promise<Answer> {
    if (!request.query) throw new Error("Missing query");
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (context?.headers) Object.assign(headers, forwardedHeaders(context.headers));
    if (context?.signedCaller) headers[CALLER_HEADER] = context.signedCaller;
    injectTraceHeaders(headers);
    const body = JSON.stringify({
      query: request.query,
      variables: request.variables,
      operationName: request.operationName,
    });
    const shape = shapeOf(request.query);

    let answer;
    try {
      answer = await this.breakers.run(this.name, () => this.send(headers, body, !shape.mutation));
    } catch (e) {
      if (!isOpenBreaker(e))
        this.logger.warn(
          {
            subgraph: this.name,
            url: this.url,
            code: (e as { code?: string }).code,
            err: (e as Error).message,
          },
          "a subgraph did not answer",
        );
      return this.failed(
        shape.roots,
        request.variables,
        "SUBGRAPH_UNAVAILABLE",
        `the ${this.name} department's service is not available right now; try again shortly`,
      );
    }
    if (answer.status === 401 || answer.status === 403) {
      this.logger.warn(
        { subgraph: this.name, status: answer.status },
        "a subgraph refused the call",
      );
      return this.failed(
        shape.roots,
        request.variables,
        answer.status === 401 ? "UNAUTHENTICATED" : "FORBIDDEN",
        `the ${this.name} department refused the call`,
      );
    }
    const parsed = /json/.test(answer.contentType) ? safeJson(answer.text) : undefined;
    if (
      typeof parsed !== "object" ||
      parsed === null ||
      Array.isArray(parsed) ||
      (answer.status >= 300 && !("errors" in parsed))
    ) {
      this.logger.warn(
        {
          subgraph: this.name,
          status: answer.status,
          contentType: answer.contentType,
          body: answer.text.slice(0, 300),
        },
        "a subgraph gave no usable answer",
      );
      return this.failed(
        shape.roots,
        request.variables,
        "SUBGRAPH_UNAVAILABLE",
        `the ${this.name} department's service gave no usable answer; try again shortly`,
      );
    }
    return parsed as Answer;
  }

  /** One call, and for a query one more after a connection error. */
  private async send(headers: Record<string, string>, body: string, mayRetry: boolean) {
    try {
      return await this.client.post(this.url, headers, body, this.policy.timeoutMs);
    } catch (e) {
      if (!mayRetry || !RETRYABLE_CODES.has((e as { code?: string }).code ?? "")) throw e;
      return this.client.post(this.url, headers, body, this.policy.timeoutMs);
    }
  }

  /** Errors with the path of each field this call was for: a root field each, or each entity of an entity fetch. */
  private failed(
    roots: string[],
    variables: Record<string, unknown> | undefined,
    code: string,
    message: string,
  ): Answer {
    const extensions = { code, serviceName: this.name, retryable: code === "SUBGRAPH_UNAVAILABLE" };
    const representations = Array.isArray(variables?.representations)
      ? variables.representations.length
      : 0;
    const paths: (string | number)[][] = representations
      ? Array.from({ length: Math.min(representations, MAX_ERRORS_PER_FETCH) }, (_, i) => [
          "_entities",
          i,
        ])
      : roots.map((root) => [root]);
    const errors: GraphQLFormattedError[] = paths.map((path) => ({ message, path, extensions }));
    return { errors } as Answer;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
