import { GraphQLError } from "graphql";

/**
 * How a department asks the rest of the graph, through the gateway, for facts it does not own
 * (does this town exist? has this petition been replied to?). It never reads another
 * department's database.
 */
export interface GraphClient {
  request<T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<T>;
}

/** Posts to the gateway; `url` is read at each call, so a test may start the gateway last. */
export function httpGraphClient(url: () => string, serviceName: string): GraphClient {
  return {
    async request<T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<T> {
      let res: Response;
      try {
        res = await fetch(url(), {
          method: "POST",
          headers: { ...headers, "content-type": "application/json", "x-calling-service": serviceName },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (e) {
        throw new GraphQLError("the graph could not be reached to check a reference", {
          extensions: { code: "SERVICE_UNAVAILABLE", reason: (e as Error).message },
        });
      }
      const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
      if (!body.data || body.errors?.length)
        throw new GraphQLError(`the graph refused a reference check: ${body.errors?.[0]?.message ?? res.status}`, {
          extensions: { code: "SERVICE_UNAVAILABLE" },
        });
      return body.data;
    },
  };
}
