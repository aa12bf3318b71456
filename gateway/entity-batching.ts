import type { Fetcher, FetcherRequestInit, FetcherResponse } from "@apollo/utils.fetcher";
import { Kind, parse, print, stripIgnoredCharacters, visit, type DefinitionNode, type DocumentNode, type FieldNode, type OperationDefinitionNode, type VariableDefinitionNode } from "graphql";
import { BufferedResponse } from "./fetch-response";
import { memo } from "./memo";

/**
 * Entity fetches (`_entities`) to the same subgraph with the same headers, made in the same turn
 * of the event loop, go as ONE operation: each under its own alias, with its variables and
 * fragments renamed apart. The gateway sends one request per fetch; a page of the case view
 * asks masswork three times at once (petitions, towns, leaders), and under load many requests
 * ask at once. One operation is one request context on the subgraph, so its DataLoaders serve
 * them all, and one HTTP exchange instead of several.
 *
 * Each caller gets back exactly its own part: `data._entities` from its alias, the errors whose
 * path starts there (with the path put back), and errors without a path. When the merged
 * answer carries no data at all, each fetch is sent again on its own, so that one failing fetch
 * never fails the others.
 */
const MAX_BATCH = 32;

interface GraphQLBody {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  [key: string]: unknown;
}

interface Pending {
  url: string;
  init: FetcherRequestInit;
  body: GraphQLBody;
  resolve(res: FetcherResponse): void;
  reject(e: unknown): void;
}

/** The operation when it is a query of `_entities` alone, the shape the gateway uses for entity fetches. */
const entityQuery = memo((query: string): DocumentNode | null => {
  try {
    const doc = parse(query);
    const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (ops.length !== 1 || ops[0].operation !== "query") return null;
    const roots = ops[0].selectionSet.selections;
    return roots.length === 1 && roots[0].kind === Kind.FIELD && roots[0].name.value === "_entities" && !roots[0].alias && !roots[0].directives?.length ? doc : null;
  } catch {
    return null;
  }
});

const alias = (i: number) => `_b${i}`;

/** The merged operation's text for these operations, in this order. */
const mergedQuery = memo((key: string): string => {
  const queries = key.split("\u0000");
  const variables: VariableDefinitionNode[] = [];
  const fields: FieldNode[] = [];
  const fragments: DefinitionNode[] = [];
  queries.forEach((query, i) => {
    const renamed = visit(entityQuery(query)!, {
      Variable: (node) => ({ ...node, name: { ...node.name, value: `${node.name.value}_${i}` } }),
      FragmentSpread: (node) => ({ ...node, name: { ...node.name, value: `${node.name.value}_${i}` } }),
      FragmentDefinition: (node) => ({ ...node, name: { ...node.name, value: `${node.name.value}_${i}` } }),
    });
    for (const def of renamed.definitions) {
      if (def.kind !== Kind.OPERATION_DEFINITION) {
        fragments.push(def);
        continue;
      }
      variables.push(...(def.variableDefinitions ?? []));
      const field = def.selectionSet.selections[0] as FieldNode;
      fields.push({ ...field, alias: { kind: Kind.NAME, value: alias(i) } });
    }
  });
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: "query" as OperationDefinitionNode["operation"],
    name: { kind: Kind.NAME, value: "EntityBatch" },
    variableDefinitions: variables,
    selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
  };
  return stripIgnoredCharacters(print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }));
});

interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { path?: (string | number)[] }[];
  extensions?: unknown;
}

/** One caller's share of the merged answer, as if it had been sent alone. */
function shareOf(answer: GraphQLAnswer, i: number): GraphQLAnswer {
  const own: GraphQLAnswer = { data: { _entities: answer.data![alias(i)] ?? null } };
  const errors = (answer.errors ?? []).flatMap((e) => {
    if (!e.path?.length) return [e];
    return e.path[0] === alias(i) ? [{ ...e, path: ["_entities", ...e.path.slice(1)] }] : [];
  });
  if (errors.length) own.errors = errors;
  if (answer.extensions !== undefined) own.extensions = answer.extensions;
  return own;
}

async function sendBatch(fetcher: Fetcher, batch: Pending[]): Promise<void> {
  if (batch.length === 1) {
    const [only] = batch;
    return fetcher(only.url, only.init).then(only.resolve, only.reject);
  }
  const { url, init } = batch[0];
  const variables: Record<string, unknown> = {};
  batch.forEach((p, i) => {
    for (const [name, value] of Object.entries(p.body.variables ?? {})) variables[`${name}_${i}`] = value;
  });
  const query = mergedQuery(batch.map((p) => p.body.query).join("\u0000"));
  try {
    const res = await fetcher(url, { ...init, body: JSON.stringify({ query, variables, operationName: "EntityBatch" }) });
    const answer: GraphQLAnswer | null = res.ok ? await res.json() : null;
    if (!answer?.data) {
      // nothing to share out: let each fetch succeed or fail on its own
      await Promise.all(batch.map((p) => fetcher(p.url, p.init).then(p.resolve, p.reject)));
      return;
    }
    batch.forEach((p, i) => p.resolve(new BufferedResponse(url, res.status, res.headers, { parsed: shareOf(answer, i) })));
  } catch (e) {
    for (const p of batch) p.reject(e);
  }
}

export function batchEntityFetches(fetcher: Fetcher): Fetcher {
  const waiting = new Map<string, Pending[]>();
  const flush = (key: string) => {
    const batch = waiting.get(key);
    waiting.delete(key);
    for (let i = 0; batch && i < batch.length; i += MAX_BATCH) void sendBatch(fetcher, batch.slice(i, i + MAX_BATCH));
  };
  return (url, init = {}) => {
    // most calls are no entity fetches: tell without parsing them
    if (init.method !== "POST" || typeof init.body !== "string" || !init.body.includes("_entities")) return fetcher(url, init);
    let body: GraphQLBody;
    try {
      body = JSON.parse(init.body);
    } catch {
      return fetcher(url, init);
    }
    if (typeof body.query !== "string" || !entityQuery(body.query) || Object.keys(body).some((k) => k !== "query" && k !== "variables" && k !== "operationName"))
      return fetcher(url, init);
    const key = `${url}\n${JSON.stringify(init.headers ?? {})}`;
    return new Promise<FetcherResponse>((resolve, reject) => {
      let batch = waiting.get(key);
      if (!batch) {
        batch = [];
        waiting.set(key, batch);
        // after every fetch this turn of the event loop has started
        setImmediate(() => flush(key));
      }
      batch.push({ url, init, body, resolve, reject });
    });
  };
}
