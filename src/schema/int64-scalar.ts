import { GraphQLScalarType, Kind, GraphQLError } from 'graphql';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function toInt64(value: unknown): bigint {
  let n: bigint;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
  else if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) n = BigInt(value);
  else throw new GraphQLError('Int64 must be an integer, or a string of decimal digits');
  if (n < INT64_MIN || n > INT64_MAX) throw new GraphQLError('Int64 is out of the 64-bit range');
  return n;
}

/**
 * Byte counters pass 2^53, where a JSON number stops being exact in JavaScript clients. A string
 * keeps every digit; graphql-scalars' BigInt switches between number and string by magnitude,
 * which a typed client cannot rely on.
 */
export const Int64Scalar = new GraphQLScalarType<bigint, string>({
  name: 'Int64',
  description: 'A signed 64-bit integer, serialized as a string of decimal digits so that no client loses precision.',
  serialize: (value) => toInt64(value).toString(),
  parseValue: toInt64,
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT && ast.kind !== Kind.STRING) throw new GraphQLError('Int64 must be an integer or a string of digits');
    return toInt64(ast.value);
  },
});
