import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import type { OperationLimits } from "../common";

/** A list field without `first` is assumed to hold this many items (a case's visits, readers…). */
const ASSUMED_LIST_SIZE = 10;
/** `first` given as a variable: counted at the largest page the API serves. */
const LARGEST_PAGE = 200;
/** a connection's `first` when not given */
const DEFAULT_PAGE = 20;

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

function tooLarge(limit: string, message: string, node: OperationDefinitionNode): GraphQLError {
  return new GraphQLError(message, { nodes: [node], extensions: { limit } });
}

function pageOf(field: FieldNode): number | null {
  const first = field.arguments?.find((a) => a.name.value === "first");
  if (!first) return null;
  if (first.value.kind === Kind.INT) return Math.max(0, Number(first.value.value));
  if (first.value.kind === Kind.VARIABLE) return LARGEST_PAGE;
  return DEFAULT_PAGE;
}

/**
 * Walks one operation with its fragments: depth (introspection fields aside, so tools still
 * work in development), aliases, and cost: one per field, times the number of parents it is
 * asked for, where a list multiplies by its `first` or by an assumed size.
 */
function measure(context: ValidationContext, operation: OperationDefinitionNode): Measure {
  const result: Measure = { depth: 0, aliases: 0, cost: 0 };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const schema = context.getSchema();

  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType | null, depth: number, times: number, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue; // unknown or cyclic: other rules report it
        const type = schema.getType(fragment.typeCondition.name.value);
        walk(fragment.selectionSet, isCompositeType(type) ? type : null, depth, times, new Set(seen).add(fragment.name.value));
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        walk(selection.selectionSet, isCompositeType(type) ? type : parent, depth, times, seen);
        continue;
      }
      if (selection.alias) result.aliases++;
      const name = selection.name.value;
      if (name.startsWith("__")) continue;
      result.cost += times;
      result.depth = Math.max(result.depth, depth + 1);
      if (!selection.selectionSet) continue;
      const field: GraphQLField<unknown, unknown> | undefined =
        parent && "getFields" in parent ? parent.getFields()[name] : undefined;
      const named = field ? getNamedType(field.type) : null;
      let inner = times;
      const page = pageOf(selection) ?? (field?.args.some((a) => a.name === "first") ? DEFAULT_PAGE : null);
      if (page !== null) inner = times * page;
      else if (field && isListType(getNullableType(field.type)) && !named?.name.endsWith("Edge")) inner = times * ASSUMED_LIST_SIZE;
      walk(selection.selectionSet, isCompositeType(named) ? named : null, depth + 1, inner, seen);
    }
  };

  const root = operation.operation === "query" ? schema.getQueryType() : operation.operation === "mutation" ? schema.getMutationType() : schema.getSubscriptionType();
  walk(operation.selectionSet, root ?? null, 0, 1, new Set());
  return result;
}

/** The gateway's validation rule: refuses operations deeper, more aliased or costlier than allowed. */
export function operationLimits(limits: OperationLimits): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const m = measure(context, operation);
      if (m.depth > limits.maxDepth)
        context.reportError(tooLarge("depth", `the operation is ${m.depth} levels deep; at most ${limits.maxDepth} are allowed`, operation));
      if (m.aliases > limits.maxAliases)
        context.reportError(tooLarge("aliases", `the operation uses ${m.aliases} aliases; at most ${limits.maxAliases} are allowed`, operation));
      if (m.cost > limits.maxCost)
        context.reportError(
          tooLarge("cost", `the operation would cost about ${m.cost} field resolutions; at most ${limits.maxCost} are allowed: ask for smaller pages or fewer fields`, operation),
        );
      return false;
    },
  });
}
