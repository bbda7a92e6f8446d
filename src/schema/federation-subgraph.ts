import { entitiesResolver, printSubgraphSchema } from '@apollo/subgraph';
import {
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  GraphQLUnionType,
  isObjectType,
  lexicographicSortSchema,
  valueFromASTUntyped,
  type GraphQLFieldConfig,
  type GraphQLNamedType,
} from 'graphql';
import type { GatewayContext } from '../context.js';
import { invalidInput } from '../upstreams/upstream-error.js';

/** The Federation version we link: 2.3 is the first with `@key` on interfaces. */
export const FEDERATION_LINK = { url: 'https://specs.apollo.dev/federation/v2.3', import: ['@key'] } as const;

const AnyScalar = new GraphQLScalarType({
  name: '_Any',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

const ServiceType = new GraphQLObjectType({ name: '_Service', fields: { sdl: { type: GraphQLString } } });

/** A type marked by `sessionEntity`: it carries the resolver @apollo/subgraph looks for. */
function isEntity(type: GraphQLNamedType): boolean {
  const extensions = type.extensions as { apollo?: { subgraph?: { resolveReference?: unknown } } };
  return typeof extensions.apollo?.subgraph?.resolveReference === 'function';
}

function entitiesField(entityNames: ReadonlySet<string>, objectEntities: GraphQLObjectType[]): GraphQLFieldConfig<unknown, GatewayContext> {
  return {
    description: 'For a federation gateway: the sessions these representations (`{ __typename, id }`) name, in order; each loads through the request\'s session loader and counts against MAX_SESSIONS_PER_OPERATION.',
    type: new GraphQLNonNull(new GraphQLList(new GraphQLUnionType({ name: '_Entity', types: objectEntities }))),
    args: { representations: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(AnyScalar))) } },
    resolve: (_root, { representations }: { representations: unknown[] }, ctx, info) => {
      if (representations.length > ctx.limits.maxIdsPerField) {
        throw invalidInput(`At most ${ctx.limits.maxIdsPerField} representations may be asked for at once (got ${representations.length})`);
      }
      for (const representation of representations) {
        const typename = typeof representation === 'object' && representation !== null ? (representation as { __typename?: unknown }).__typename : undefined;
        if (typeof typename !== 'string' || !entityNames.has(typename)) throw invalidInput('A representation must name one of the session entity types');
      }
      return entitiesResolver({ representations, context: ctx, info });
    },
  };
}

/**
 * The client schema plus what a Federation 2 gateway needs: `_service { sdl }` (the SDL with
 * `@link` and the `@key`s, without these fields) and `_entities`. Built here rather than with
 * @pothos/plugin-federation's `toSubGraphSchema`: its 4.4 release imports `EntityType`,
 * `entitiesField` and `serviceField` from `@apollo/subgraph/dist/types.js`, which @apollo/subgraph
 * 2.15 no longer exports, so the plugin cannot even be loaded next to the version we depend on.
 */
export function toSubgraph(clientSchema: GraphQLSchema): { schema: GraphQLSchema; sdl: string } {
  const config = clientSchema.toConfig();
  const sdl = printSubgraphSchema(new GraphQLSchema({ ...config, extensions: { ...config.extensions, directives: { link: FEDERATION_LINK } } }));
  const entities = config.types.filter(isEntity);
  // builder.ts always defines Query.
  const query = clientSchema.getQueryType()!;
  const queryConfig = query.toConfig();
  const federatedQuery = new GraphQLObjectType<unknown, GatewayContext>({
    ...queryConfig,
    fields: {
      ...queryConfig.fields,
      _entities: entitiesField(new Set(entities.map((type) => type.name)), entities.filter(isObjectType)),
      _service: { description: 'For a federation gateway: this subgraph\'s SDL, with @link and the @key directives (schema/subgraph.graphql).', type: new GraphQLNonNull(ServiceType), resolve: () => ({ sdl }) },
    },
  });
  const schema = new GraphQLSchema({ ...config, query: federatedQuery, types: config.types.map((type) => (type === query ? federatedQuery : type)) });
  return { schema: lexicographicSortSchema(schema), sdl };
}
