import "reflect-metadata";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives, type IResolvers } from "@graphql-tools/utils";
import type { GraphQLSchema } from "graphql";
import gql from "graphql-tag";
import { buildSchema, createResolversMap, type NonEmptyArray } from "type-graphql";
import { DateTimeScalar } from "../time/scalars";
import { authChecker } from "../auth/access";

/** The Federation 2 features the subgraphs use. */
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@inaccessible"])`;

export interface SubgraphSchemaOptions {
  resolvers: NonEmptyArray<Function>;
  /** types no resolver returns directly, such as entity stubs of other departments */
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity, keyed by type name */
  referenceResolvers?: IResolvers;
}

/**
 * The one way a subgraph builds its schema: type-graphql classes, printed with their
 * federation directives, rebuilt as a Federation 2 subgraph schema with the same resolvers.
 */
export async function buildFederatedSchema(options: SubgraphSchemaOptions): Promise<GraphQLSchema> {
  const typeGraphQLSchema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    skipCheck: true,
    authChecker,
  });
  const resolvers = createResolversMap(typeGraphQLSchema) as IResolvers;
  for (const [typeName, fields] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...(fields as object) };
  }
  return buildSubgraphSchema({
    typeDefs: gql`
      ${FEDERATION_LINK}
      ${printSchemaWithDirectives(typeGraphQLSchema)}
    `,
    resolvers: resolvers as never,
  });
}
