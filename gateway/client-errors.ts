import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import {
  GraphQLError,
  Kind,
  parse,
  visit,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
  type ValueNode,
} from "graphql";

/**
 * Hostile or mistaken requests answered as the client's errors: a 400 with a code, a clear
 * message and, where an argument or variable is at fault, `extensions.field` naming it.
 *
 * - Before validation, a document asking for the same fields many times over (written out or
 *   through fragments) is refused: see `repeatedFields`.
 * - An operation that cannot be run (an unknown `operationName`, several operations and no
 *   name, a subscription) is refused with 400 before the gateway plans it.
 * - Validation and variable errors name the argument (`input.receivedAt`) or variable at fault;
 *   a document past the token limit says so; in production no error suggests names of the schema.
 */

/**
 * graphql-js checks that fields of one response name at one place can be merged by comparing
 * them pair by pair, their sub-selections too; a few hundred such fields (written out, or
 * brought in by fragments) would hold the event loop for longer than any request may. Before
 * validation, the document's fields are merged by response name along their path, fragments
 * written out wherever they are spread (a fragment spread n times at one place is walked once,
 * counted n times), and the document is refused when its pairs to compare pass this number,
 * or when writing its fragments out would take more than MAX_WRITTEN_OUT fields.
 */
export const MAX_FIELD_PAIRS = 1000;
const MAX_WRITTEN_OUT = 20_000;

interface Merged {
  count: number;
  children: Map<string, Merged>;
}

interface Repeats {
  /** the most repeated response name and how often it is asked for at one place */
  name: string;
  count: number;
  pairs: number;
  /** writing the fragments out took too long to finish */
  tooLarge: boolean;
}

/** How many pairs of same-named fields validation would compare; null when well within bounds. */
export function repeatedFields(document: DocumentNode, maxPairs = MAX_FIELD_PAIRS): Repeats | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let steps = 0;
  let pairs = 0;
  let worst = { name: "", count: 0 };
  class Stop extends Error {}

  const merge = (
    into: Map<string, Merged>,
    set: SelectionSetNode,
    times: number,
    open: Set<string>,
  ) => {
    // the same fragment spread n times here is walked once, n times over
    const spreads = new Map<string, number>();
    for (const s of set.selections) {
      if (++steps > MAX_WRITTEN_OUT) throw new Stop();
      if (s.kind === Kind.FRAGMENT_SPREAD)
        spreads.set(s.name.value, Math.min(1e9, (spreads.get(s.name.value) ?? 0) + 1));
      else if (s.kind === Kind.INLINE_FRAGMENT) merge(into, s.selectionSet, times, open);
      else {
        const name = s.alias?.value ?? s.name.value;
        let entry = into.get(name);
        if (!entry) into.set(name, (entry = { count: 0, children: new Map() }));
        const before = entry.count;
        entry.count = Math.min(1e9, entry.count + times);
        // the pairs this field adds to those already here
        pairs += (entry.count * (entry.count - 1)) / 2 - (before * (before - 1)) / 2;
        if (entry.count > worst.count) worst = { name, count: entry.count };
        if (pairs > maxPairs) throw new Stop();
        if (s.selectionSet) merge(entry.children, s.selectionSet, times, open);
      }
    }
    for (const [name, n] of spreads) {
      const fragment = fragments.get(name);
      if (!fragment || open.has(name)) continue; // unknown or cyclic: other rules report it
      open.add(name);
      merge(into, fragment.selectionSet, Math.min(1e9, times * n), open);
      open.delete(name);
    }
  };

  try {
    for (const d of document.definitions)
      if (d.kind === Kind.OPERATION_DEFINITION) merge(new Map(), d.selectionSet, 1, new Set());
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return { ...worst, pairs, tooLarge: steps > MAX_WRITTEN_OUT };
  }
  return null;
}

interface Refusal {
  message: string;
  extensions: Record<string, unknown>;
}

/** Documents put in place of refused ones, with the refusal the validation rule reports. */
const refused = new WeakMap<DocumentNode, Refusal>();

/** Reports, as a validation error, the refusal of a document the plugin set aside before validation. */
export const refusedDocuments: ValidationRule = (context) => ({
  Document(node) {
    const refusal = refused.get(node);
    if (refusal)
      context.reportError(new GraphQLError(refusal.message, { extensions: refusal.extensions }));
    return false;
  },
});

/** Where each argument value of a document sits: `input.petitioners[0].name`. */
function valuePaths(document: DocumentNode): Map<ASTNode, string> {
  const paths = new Map<ASTNode, string>();
  const walk = (value: ValueNode, path: string) => {
    paths.set(value, path);
    if (value.kind === Kind.OBJECT)
      for (const field of value.fields) {
        paths.set(field, `${path}.${field.name.value}`);
        walk(field.value, `${path}.${field.name.value}`);
      }
    else if (value.kind === Kind.LIST) value.values.forEach((v, i) => walk(v, `${path}[${i}]`));
  };
  visit(document, {
    Argument(argument) {
      paths.set(argument, argument.name.value);
      walk(argument.value, argument.name.value);
    },
  });
  return paths;
}

/** The argument path where a variable is used (`input` for `registerPetition(input: $p)`), if it is used as an argument. */
function variableUse(paths: Map<ASTNode, string>, name: string): string | undefined {
  for (const [node, path] of paths)
    if (node.kind === Kind.VARIABLE && node.name.value === name) return path;
  return undefined;
}

const VARIABLE_ERROR =
  /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" (?:got invalid value .*? at "[_A-Za-z][_0-9A-Za-z]*((?:\.[_A-Za-z][_0-9A-Za-z]*|\[\d+\])+)";|got invalid value |of required type |of non-null type |has invalid value )/s;
const REQUIRED_ARGUMENT = /^Field "[^"]+" argument "([^"]+)" of type "[^"]+" is required/;
const REQUIRED_INPUT_FIELD = /^Field "[^".]+\.([^"]+)" of required type "[^"]+" was not provided/;
const TOKENS = /^Syntax Error: Document contains more th(?:an|at) (\d+) tokens/;
const SUGGESTION = / ?Did you mean .+?\?/gs;

/** The field an error is about, from the nodes it names or its message; undefined when it is about none. */
function fieldOf(error: GraphQLError, paths: Map<ASTNode, string>): string | undefined {
  const variable = VARIABLE_ERROR.exec(error.message);
  if (variable) return (variableUse(paths, variable[1]) ?? variable[1]) + (variable[2] ?? "");
  const node = error.nodes?.[0];
  const at = node ? paths.get(node) : undefined;
  const inputField = REQUIRED_INPUT_FIELD.exec(error.message);
  if (inputField && at !== undefined) return `${at}.${inputField[1]}`;
  if (at !== undefined) return at;
  return REQUIRED_ARGUMENT.exec(error.message)?.[1];
}

function operationRefusal(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: "OPERATION_RESOLUTION_FAILURE", http: { status: 400 } },
  });
}

export interface ClientErrorOptions {
  production: boolean;
  maxTokens: number;
  maxFieldPairs?: number;
}

/** The gateway's plugin for client errors; `refusedDocuments` must be among its validation rules. */
export function clientErrors(options: ClientErrorOptions): ApolloServerPlugin {
  const maxPairs = options.maxFieldPairs ?? MAX_FIELD_PAIRS;
  return {
    async requestDidStart() {
      return {
        async parsingDidStart(requestContext) {
          return async (error) => {
            const document = requestContext.document;
            if (error || !document) return;
            const repeated = repeatedFields(document, maxPairs);
            if (!repeated) return;
            // validated in place of the document: the refusal is reported as its validation error
            const stand = parse("{ __typename }");
            refused.set(stand, {
              message: repeated.tooLarge
                ? `the document's fragments, written out, make more than ${MAX_WRITTEN_OUT} fields: ask for less at once`
                : `the document asks for the same fields too often over (${repeated.name} ${repeated.count} times at one place): more than ${maxPairs} pairs of fields to compare; merge them`,
              extensions: { limit: "repeatedFields" },
            });
            (requestContext as { document?: DocumentNode }).document = stand;
          };
        },

        async didResolveOperation({ operation, request, document }) {
          if (!operation) {
            const operations = document.definitions.filter(
              (d) => d.kind === Kind.OPERATION_DEFINITION,
            ).length;
            if (request.operationName)
              throw operationRefusal(
                `the document holds no operation named ${JSON.stringify(request.operationName)}`,
              );
            throw operationRefusal(
              `the document holds ${operations} operations: give operationName to say which to run`,
            );
          }
          if (operation.operation === "subscription")
            throw operationRefusal("subscriptions are not served: send a query or a mutation");
        },

        async didEncounterErrors(requestContext: GraphQLRequestContext<Record<string, unknown>>) {
          let paths: Map<ASTNode, string> | undefined;
          for (const error of requestContext.errors ?? []) {
            const extensions = error.extensions as Record<string, unknown>;
            const tokens = TOKENS.exec(error.message);
            if (tokens) {
              error.message = `the document holds more than ${tokens[1]} tokens; at most ${options.maxTokens} are allowed`;
              extensions.limit = "tokens";
              continue;
            }
            if (error.message === "Validation aborted.") {
              error.message = "the document is too complex to check: ask for fewer fields at once";
              extensions.limit = "complexity";
              continue;
            }
            const code = extensions.code;
            if (
              (code === "GRAPHQL_VALIDATION_FAILED" || code === "BAD_USER_INPUT") &&
              extensions.field === undefined
            ) {
              const document = requestContext.document;
              paths ??= document ? valuePaths(document) : new Map();
              const field = fieldOf(error, paths);
              if (field !== undefined) extensions.field = field;
            }
            if (options.production) error.message = error.message.replace(SUGGESTION, "");
          }
        },
      };
    },
  };
}
