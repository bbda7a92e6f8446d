import SchemaBuilder from '@pothos/core';
import { GraphQLScalarType } from 'graphql';
import DirectivePlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import { DateTimeResolver, JSONResolver, SafeIntResolver, UUIDResolver } from 'graphql-scalars';
import type { GatewayContext } from './context.js';
import { Int64Scalar } from './schema/int64-scalar.js';

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    UUID: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
    SafeInt: { Input: number; Output: number };
    Int64: { Input: bigint; Output: bigint };
  };
  Directives: {
    key: { locations: 'OBJECT' | 'INTERFACE'; args: { fields: string } };
  };
}>({
  plugins: [ErrorsPlugin, DirectivePlugin],
  defaultFieldNullability: false,
  errors: { defaultTypes: [] },
  // Keyed by name, the form @apollo/subgraph's printer (graphql-tools) reads for `@key`.
  directives: { useGraphQLToolsUnorderedDirectives: true },
});

builder.addScalarType(
  'DateTime',
  new GraphQLScalarType({
    ...DateTimeResolver.toConfig(),
    // The text JSON.stringify would write for the Date graphql-scalars returns, written here: a Date
    // in a result sends JSON.stringify down its slow path, which tripled its time for one session.
    serialize: (value) => (DateTimeResolver.serialize(value) as Date).toISOString(),
  }),
);
builder.addScalarType('UUID', UUIDResolver);
builder.addScalarType('JSON', JSONResolver);
builder.addScalarType('SafeInt', SafeIntResolver);
builder.addScalarType('Int64', Int64Scalar);

builder.queryType({});
builder.mutationType({});
