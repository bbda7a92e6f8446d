import { buildSchema, GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ValidationRule } from 'graphql';
import { envelop } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { createDocumentCache, useDocumentCache } from '../../src/execution/use-document-cache.js';

const schema = buildSchema('type Query { hello: String }');

/** envelop with graphql-js's parse and validate counted, the document cache after them as in the gateway. */
function counted() {
  const calls = { parse: 0, validate: 0 };
  const documents = createDocumentCache();
  const getEnveloped = envelop({
    plugins: [
      {
        onParse: ({ setParseFn }) => setParseFn((...args: Parameters<typeof parse>) => (calls.parse++, parse(...args))),
        onValidate: ({ setValidationFn }) => setValidationFn((...args: Parameters<typeof validate>) => (calls.validate++, validate(...args))),
      },
      useDocumentCache(documents),
    ],
  });
  return { calls, documents, getEnveloped };
}

describe('the document cache', () => {
  it('parses and validates a query once, and holds its document where the hot path looks for it', () => {
    const { calls, documents, getEnveloped } = counted();
    const first = getEnveloped();
    const document = first.parse('{ hello }');
    expect(first.validate(schema, document)).toEqual([]);
    const second = getEnveloped();
    expect(second.parse('{ hello }')).toBe(document);
    expect(second.validate(schema, document)).toEqual([]);
    expect(calls).toEqual({ parse: 1, validate: 1 });
    expect(documents.get('{ hello }')).toBe(document);
  });

  it('remembers what a document failed validation with, and what a query failed to parse with', () => {
    const { calls, getEnveloped } = counted();
    const invalid = getEnveloped().parse('{ goodbye }');
    const errors = getEnveloped().validate(schema, invalid);
    expect(errors.map((e: Error) => e.message)).toEqual(['Cannot query field "goodbye" on type "Query".']);
    expect(getEnveloped().validate(schema, invalid)).toBe(errors);
    const unparsable = () => getEnveloped().parse('{ hello');
    expect(unparsable).toThrow('Syntax Error');
    expect(unparsable).toThrow('Syntax Error');
    expect(calls).toEqual({ parse: 2, validate: 1 });
  });

  it('validates a document again against another schema', () => {
    const { calls, getEnveloped } = counted();
    const enveloped = getEnveloped();
    const document: DocumentNode = enveloped.parse('{ hello }');
    enveloped.validate(schema, document);
    expect(enveloped.validate(buildSchema('type Query { other: Int }'), document)).toHaveLength(1);
    expect(calls.validate).toBe(2);
  });

  it('keeps the results of requests that a plugin gave one more rule apart from the others', () => {
    const documents = createDocumentCache();
    let strict = false;
    const noHello: ValidationRule = (context) => ({ Field: (node) => (node.name.value === 'hello' ? context.reportError(new GraphQLError('hello is off')) : undefined) });
    const getEnveloped = envelop({
      plugins: [
        {
          onParse: ({ setParseFn }) => setParseFn(parse),
          onValidate: ({ setValidationFn, addValidationRule }) => {
            setValidationFn(validate);
            if (strict) addValidationRule(noHello);
          },
        },
        useDocumentCache(documents),
      ],
    });
    const document = getEnveloped().parse('{ hello }');
    expect(getEnveloped().validate(schema, document, [...specifiedRules])).toEqual([]);
    strict = true;
    expect(getEnveloped().validate(schema, document, [...specifiedRules]).map((e: Error) => e.message)).toEqual(['hello is off']);
    strict = false;
    expect(getEnveloped().validate(schema, document, [...specifiedRules])).toEqual([]);
  });
});
