import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { Fetcher, FetcherResponse } from "@apollo/utils.fetcher";
import { GraphQLError } from "graphql";
import { CALLER_HEADER } from "../common";
import { forwardedHeaders } from "./forward-headers";

/** What the gateway's request context holds that a subgraph call needs. */
export interface SubgraphCallContext {
  headers?: Record<string, string>;
  /** the caller as subgraphs receive it, signed once per request */
  signedCaller?: string;
  /** calls of this request started before its execution reached them (early-fetches.ts), by `callKey` */
  early?: Map<string, Promise<FetcherResponse>>;
}

export interface SubgraphCall {
  headers: Record<string, string>;
  body: string;
}

/**
 * The HTTP request of one subgraph operation for one client request: JSON with the operation
 * text first (identical calls are recognised by their body, inflight.ts), the client's forwarded
 * headers and the signed caller. The one place that builds it, so that a call started early is
 * byte for byte the call the execution makes.
 */
export function subgraphCall(
  operation: { query: string; variables?: Record<string, unknown>; operationName?: string; extensions?: Record<string, unknown> },
  context: SubgraphCallContext | undefined,
  extraHeaders?: Iterable<[string, string]>,
): SubgraphCall {
  const headers: Record<string, string> = {};
  if (extraHeaders) for (const [name, value] of extraHeaders) headers[name] = value;
  headers["content-type"] = "application/json";
  if (context?.headers) Object.assign(headers, forwardedHeaders(context.headers));
  if (context?.signedCaller) headers[CALLER_HEADER] = context.signedCaller;
  const body = JSON.stringify({ query: operation.query, variables: operation.variables, operationName: operation.operationName, extensions: operation.extensions });
  return { headers, body };
}

/** What identifies a call: where it goes, with which headers, and its body. */
export function callKey(url: string, call: SubgraphCall): string {
  return `${url}\n${JSON.stringify(call.headers)}\n${call.body}`;
}

type Answer = Awaited<ReturnType<GraphQLDataSource["process"]>>;

async function bodyOf(response: FetcherResponse): Promise<unknown> {
  const type = response.headers.get("content-type") ?? "";
  return type.startsWith("application/json") || type.startsWith("application/graphql-response+json") ? response.json() : response.text();
}

/**
 * One subgraph as the gateway calls it: the operation the query plan gives, as JSON, with the
 * client's forwarded headers (forward-headers.ts) and the signed caller, over the gateway's one
 * fetcher (fetcher.ts). It does what `RemoteGraphQLDataSource` does for a plain POST, with the
 * same errors for non-2xx answers, less what this gateway does not use and that base class
 * does on every call: a fetch `Request` and a `Headers` object built for hooks, and the
 * subgraph's cache-control read (the subgraphs send none).
 */
export class SubgraphSource implements GraphQLDataSource<SubgraphCallContext> {
  constructor(
    readonly name: string,
    readonly url: string,
    private readonly fetcher: Fetcher,
    private readonly log: (line: string) => void = console.error,
  ) {}

  async process({ request, context }: GraphQLDataSourceProcessOptions<SubgraphCallContext>): Promise<Answer> {
    if (!request.query) throw new Error("Missing query");
    const call = subgraphCall({ ...request, query: request.query }, context, request.http?.headers);
    let response: FetcherResponse;
    try {
      response = await (this.claimEarly(call, context) ?? this.fetcher(this.url, { method: "POST", headers: call.headers, body: call.body }));
    } catch (e) {
      this.log(`[gateway] subgraph ${this.name} could not be reached: ${(e as Error).message}`);
      throw this.unavailable();
    }
    if (!response.ok) throw await this.errorFrom(response);
    const answer = await bodyOf(response).catch(() => undefined);
    if (typeof answer !== "object" || answer === null || Array.isArray(answer)) {
      this.log(`[gateway] subgraph ${this.name} answered HTTP ${response.status} without a JSON object`);
      throw this.unavailable();
    }
    return { ...(answer as Answer), http: response };
  }

  /** The department's service did not answer usably: said without its address or raw answer. */
  private unavailable(): GraphQLError {
    return new GraphQLError(`the ${this.name} department's service is not available right now; try again shortly`, {
      extensions: { code: "SUBGRAPH_UNAVAILABLE", serviceName: this.name, retryable: true },
    });
  }

  /** The same call, started early for this request (early-fetches.ts): taken once, by the execution that makes it. */
  private claimEarly(call: SubgraphCall, context: SubgraphCallContext | undefined): Promise<FetcherResponse> | undefined {
    if (!context?.early?.size) return undefined;
    const key = callKey(this.url, call);
    const early = context.early.get(key);
    if (early) context.early.delete(key);
    return early;
  }

  /**
   * A non-2xx answer as the gateway reports it: UNAUTHENTICATED or FORBIDDEN where they apply,
   * the service unavailable otherwise; the subgraph's address and raw answer go to the log only.
   */
  private async errorFrom(response: FetcherResponse): Promise<GraphQLError> {
    const body = await bodyOf(response).catch(() => "");
    this.log(`[gateway] subgraph ${this.name} answered HTTP ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
    if (response.status === 401 || response.status === 403)
      return new GraphQLError(`${response.status}: ${response.statusText}`, {
        extensions: { code: response.status === 401 ? "UNAUTHENTICATED" : "FORBIDDEN", serviceName: this.name },
      });
    return this.unavailable();
  }
}
