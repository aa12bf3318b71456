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
    readonly url: string,
    private readonly fetcher: Fetcher,
  ) {}

  async process({ request, context }: GraphQLDataSourceProcessOptions<SubgraphCallContext>): Promise<Answer> {
    if (!request.query) throw new Error("Missing query");
    const call = subgraphCall({ ...request, query: request.query }, context, request.http?.headers);
    const response = await (this.claimEarly(call, context) ?? this.fetcher(this.url, { method: "POST", headers: call.headers, body: call.body }));
    if (!response.ok) throw await this.errorFrom(response);
    const answer = await bodyOf(response);
    if (typeof answer !== "object" || answer === null || Array.isArray(answer)) throw new Error(`Expected JSON response body, but received: ${answer}`);
    return { ...(answer as Answer), http: response };
  }

  /** The same call, started early for this request (early-fetches.ts): taken once, by the execution that makes it. */
  private claimEarly(call: SubgraphCall, context: SubgraphCallContext | undefined): Promise<FetcherResponse> | undefined {
    if (!context?.early?.size) return undefined;
    const key = callKey(this.url, call);
    const early = context.early.get(key);
    if (early) context.early.delete(key);
    return early;
  }

  /** A non-2xx answer as the gateway reports it: status, and UNAUTHENTICATED or FORBIDDEN where they apply. */
  private async errorFrom(response: FetcherResponse): Promise<GraphQLError> {
    const extensions: Record<string, unknown> = {
      response: { url: response.url, status: response.status, statusText: response.statusText, body: await bodyOf(response) },
    };
    if (response.status === 401) extensions.code = "UNAUTHENTICATED";
    else if (response.status === 403) extensions.code = "FORBIDDEN";
    return new GraphQLError(`${response.status}: ${response.statusText}`, { extensions });
  }
}
