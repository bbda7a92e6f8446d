import fc from 'fast-check';

type JsonSchema = { [keyword: string]: unknown };

const isoDate = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true })
  .chain((d) =>
    fc.constantFrom(
      d.toISOString(),
      d.toISOString().replace('.000Z', 'Z'),
      d.toISOString().replace(/\.\d{3}Z$/, '+02:00'),
      d.toISOString().replace(/Z$/, '123-05:30'),
    ),
  );

/**
 * Every JSON value a (converted) OpenAPI response schema allows, as a fast-check arbitrary:
 * optional properties come and go, nullable ones are sometimes null, untyped ones are any JSON,
 * and objects may carry extra keys the contract does not forbid. Covers the keywords our four
 * contracts use; anything else throws so the generator cannot silently under-test.
 */
export function arbitraryFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as JsonSchema[]).map(arbitraryFor));
  if (Array.isArray(schema.oneOf)) return fc.oneof(...(schema.oneOf as JsonSchema[]).map(arbitraryFor));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  if (types.length === 0) return fc.jsonValue();
  return fc.oneof(...types.map((type) => arbitraryForType(type, schema)));
}

function arbitraryForType(type: string, schema: JsonSchema): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.maxSafeInteger());
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'string':
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date-time') return isoDate;
      return fc.string({ maxLength: typeof schema.maxLength === 'number' ? schema.maxLength : 40 });
    case 'array':
      return fc.array(arbitraryFor((schema.items ?? {}) as JsonSchema), { maxLength: 6 });
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required ?? []) as string[]);
      const known = fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, arbitraryFor(sub)])),
        { requiredKeys: [...required].filter((k) => k in properties) },
      );
      if (schema.additionalProperties === false) return known;
      // A schema under additionalProperties (a map of strings, say) types the extra keys' values too.
      const values = typeof schema.additionalProperties === 'object' ? arbitraryFor(schema.additionalProperties as JsonSchema) : fc.jsonValue({ maxDepth: 1 });
      const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !(k in properties) && k !== '__proto__'), values, { maxKeys: 2 });
      return fc.tuple(known, extra).map(([k, e]) => ({ ...e, ...k }));
    }
    default:
      throw new Error(`arbitraryFor: unsupported type ${type}`);
  }
}
