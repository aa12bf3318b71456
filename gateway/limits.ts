import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  type DefinitionNode,
  type DirectiveNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from "graphql";
import type { OperationLimits } from "../common/config";

/** A list field without `first` is assumed to hold this many items (a case's visits, readers…). */
const ASSUMED_LIST_SIZE = 10;
/** `first` given as a variable: counted at the largest page the API serves. */
const LARGEST_PAGE = 200;
/** a connection's `first` when not given */
const DEFAULT_PAGE = 20;
/** figures stop growing here: a doubling fragment chain would otherwise reach Infinity */
const SATURATED = 1e15;

type Limited = Pick<OperationLimits, "maxDepth" | "maxAliases" | "maxCost" | "maxDirectives">;

/**
 * What a selection set asks for, counted as if every fragment in it were written out: its
 * depth (in fields below the set), its aliases and directives, and its cost for one parent.
 * Cost is linear in the number of parents, so a fragment's figures, computed once, serve every
 * place it is spread: the work is linear in the document however often fragments are spread.
 */
interface Measure {
  depth: number;
  aliases: number;
  directives: number;
  cost: number;
}

const add = (a: number, b: number) => Math.min(SATURATED, a + b);
const times = (a: number, b: number) => (a === 0 || b === 0 ? 0 : Math.min(SATURATED, a * b));

function pageOf(field: FieldNode): number | null {
  const first = field.arguments?.find((a) => a.name.value === "first");
  if (!first) return null;
  if (first.value.kind === Kind.INT)
    return Math.min(SATURATED, Math.max(0, Number(first.value.value)));
  if (first.value.kind === Kind.VARIABLE) return LARGEST_PAGE;
  return DEFAULT_PAGE;
}

const directivesOf = (node: { directives?: readonly DirectiveNode[] }) =>
  node.directives?.length ?? 0;

/** Thrown to stop measuring once a figure is past its limit: the rest cannot bring it back. */
class PastLimit extends Error {
  constructor(readonly limit: "depth" | "aliases" | "directives" | "cost") {
    super(limit);
  }
}

/**
 * Measures the operations of one document, each fragment once. Fragments that are unknown or
 * spread in a cycle count for nothing: other validation rules report those.
 */
class Measurer {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly done = new Map<string, Measure>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    definitions: readonly DefinitionNode[],
    private readonly limits: Limited,
  ) {
    for (const d of definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d);
  }

  /** The operation's figures, or PastLimit naming the first figure found past its limit. */
  operation(operation: OperationDefinitionNode): Measure {
    const s = this.schema;
    const root =
      operation.operation === "query"
        ? s.getQueryType()
        : operation.operation === "mutation"
          ? s.getMutationType()
          : s.getSubscriptionType();
    try {
      const m = this.selections(operation.selectionSet, root ?? null, true);
      m.directives = add(m.directives, directivesOf(operation));
      this.check(m, true);
      return m;
    } finally {
      this.inProgress.clear();
    }
  }

  /**
   * Depth, aliases and directives only grow wherever a set is used, so a set past one of
   * those limits puts the whole operation past it; cost is judged on the operation's total.
   */
  private check(m: Measure, top: boolean): void {
    if (m.depth > this.limits.maxDepth) throw new PastLimit("depth");
    if (m.aliases > this.limits.maxAliases) throw new PastLimit("aliases");
    if (m.directives > this.limits.maxDirectives) throw new PastLimit("directives");
    if (top && m.cost > this.limits.maxCost) throw new PastLimit("cost");
  }

  private fragment(name: string): Measure {
    const known = this.done.get(name);
    if (known) return known;
    const fragment = this.fragments.get(name);
    if (!fragment || this.inProgress.has(name))
      return { depth: 0, aliases: 0, directives: 0, cost: 0 };
    this.inProgress.add(name);
    const type = this.schema.getType(fragment.typeCondition.name.value);
    const m = this.selections(fragment.selectionSet, isCompositeType(type) ? type : null, false);
    m.directives = add(m.directives, directivesOf(fragment));
    this.inProgress.delete(name);
    this.done.set(name, m);
    return m;
  }

  /** The figures of one selection set for one parent, checked after every selection. */
  private selections(
    set: SelectionSetNode,
    parent: GraphQLCompositeType | null,
    top: boolean,
  ): Measure {
    const m: Measure = { depth: 0, aliases: 0, directives: 0, cost: 0 };
    const merge = (inner: Measure, depthOffset: number, multiplier: number) => {
      m.depth = Math.max(m.depth, inner.depth + depthOffset);
      m.aliases = add(m.aliases, inner.aliases);
      m.directives = add(m.directives, inner.directives);
      m.cost = add(m.cost, times(inner.cost, multiplier));
    };
    for (const selection of set.selections) {
      m.directives = add(m.directives, directivesOf(selection));
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        merge(this.fragment(selection.name.value), 0, 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? this.schema.getType(selection.typeCondition.name.value)
          : parent;
        merge(
          this.selections(selection.selectionSet, isCompositeType(type) ? type : parent, false),
          0,
          1,
        );
      } else {
        if (selection.alias) m.aliases = add(m.aliases, 1);
        const name = selection.name.value;
        // introspection aside, so development tools still work
        if (!name.startsWith("__")) {
          m.cost = add(m.cost, 1);
          m.depth = Math.max(m.depth, 1);
          if (selection.selectionSet) {
            const field: GraphQLField<unknown, unknown> | undefined =
              parent && "getFields" in parent ? parent.getFields()[name] : undefined;
            const named = field ? getNamedType(field.type) : null;
            let count = 1;
            const page =
              pageOf(selection) ??
              (field?.args.some((a) => a.name === "first") ? DEFAULT_PAGE : null);
            if (page !== null) count = page;
            else if (
              field &&
              isListType(getNullableType(field.type)) &&
              !named?.name.endsWith("Edge")
            )
              count = ASSUMED_LIST_SIZE;
            merge(
              this.selections(selection.selectionSet, isCompositeType(named) ? named : null, false),
              1,
              count,
            );
          }
        }
      }
      this.check(m, top);
    }
    return m;
  }
}

/**
 * The gateway's validation rule: refuses operations deeper, more aliased, with more directives
 * or costlier than allowed. Every fragment is measured once, and measuring stops at the first
 * figure past its limit, so a small document of nested fragments cannot make it slow.
 */
export function operationLimits(limits: Limited): ValidationRule {
  const messages = {
    depth: `the operation is more than ${limits.maxDepth} levels deep; at most ${limits.maxDepth} are allowed`,
    aliases: `the operation uses more than ${limits.maxAliases} aliases; at most ${limits.maxAliases} are allowed`,
    directives: `the operation uses more than ${limits.maxDirectives} directives; at most ${limits.maxDirectives} are allowed`,
    cost: `the operation would cost more than ${limits.maxCost} field resolutions; at most ${limits.maxCost} are allowed: ask for smaller pages or fewer fields`,
  };
  return (context) => {
    let measurer: Measurer | null = null;
    return {
      OperationDefinition(operation) {
        measurer ??= new Measurer(context.getSchema(), context.getDocument().definitions, limits);
        try {
          measurer.operation(operation);
        } catch (e) {
          if (!(e instanceof PastLimit)) throw e;
          context.reportError(
            new GraphQLError(messages[e.limit], {
              nodes: [operation],
              extensions: { limit: e.limit },
            }),
          );
        }
        return false;
      },
    };
  };
}
