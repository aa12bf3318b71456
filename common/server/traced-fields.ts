import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { inSpan, SpanKind, tracingOn } from "../trace";

/**
 * Gives each root field of the subgraph (queries, mutations and `_entities`, which resolves
 * other parts' references) a span when traces are on, so a trace shows which resolvers a subgraph
 * call ran and, under each, its SQL statements. Off, a field costs one boolean test more.
 */
export function traceRootFields(schema: GraphQLSchema, part: string): GraphQLSchema {
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      const name = `${type.name}.${field.name}`;
      field.resolve = (source, args, context, info) => {
        if (!tracingOn()) return resolve(source, args, context, info);
        return inSpan(part, name, SpanKind.INTERNAL, { "graphql.field.path": name }, async () => {
          const result = await resolve(source, args, context, info);
          // `_entities` answers a list of promises: the span lasts until each has settled
          if (Array.isArray(result)) await Promise.allSettled(result);
          return result;
        });
      };
    }
  }
  return schema;
}
