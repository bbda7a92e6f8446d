import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import type { Provider } from '../../src/upstreams/provider.js';

/**
 * Turns the OpenAPI 3.0 contracts in schema/upstreams/ into JSON Schema for Ajv, so tests check
 * bodies against the transcribed vendor contract itself rather than against a copy of it.
 * Conversion: `$ref`s inlined, `nullable: true` adds null, OpenAPI-only keywords dropped.
 */

type JsonSchema = { [keyword: string]: unknown };

export interface ResponseContract {
  /** The body's JSON Schema, or null when the contract documents this status without a body. */
  readonly schema: JsonSchema | null;
  /** Readable problems with `body`; empty when it conforms. Throws when the contract documents no body. */
  problems(body: unknown): string[];
}

const OPENAPI_ONLY = new Set(['nullable', 'discriminator', 'xml', 'externalDocs', 'example']);
const SUBSCHEMA_MAPS = ['properties', 'patternProperties'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'not'];

const documents = new Map<Provider, JsonSchema>();
const validators = new Map<string, ResponseContract>();
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats.default(ajv);

export function contractDocument(provider: Provider): JsonSchema {
  let document = documents.get(provider);
  if (document === undefined) {
    const url = new URL(`../../schema/upstreams/${provider.toLowerCase()}.yaml`, import.meta.url);
    document = parse(readFileSync(url, 'utf8')) as JsonSchema;
    documents.set(provider, document);
  }
  return document;
}

/**
 * The contract for one response. `path` is either the template as written in the document
 * (`/sessions/{id}/status`) or a concrete request path, with or without the server URL's path
 * prefix (`/customer/v2/sessions/vpn-demo-1/status`). Throws when the contract does not document
 * that status (nor a matching `4XX` or `default`), so a caller never validates against nothing.
 */
export function responseValidator(provider: Provider, method: string, path: string, status: number): ResponseContract {
  const document = contractDocument(provider);
  const template = matchTemplate(document, path);
  const cacheKey = `${provider} ${method.toLowerCase()} ${template} ${status}`;
  const cached = validators.get(cacheKey);
  if (cached) return cached;

  const operation = child(child(document, 'paths', template), method.toLowerCase());
  const responses = child(operation, 'responses');
  const statusKey = [String(status), `${Math.floor(status / 100)}XX`, 'default'].find((key) => key in responses);
  if (statusKey === undefined) throw new Error(`${provider} ${method} ${template}: the contract documents no ${status} response`);
  const response = resolveRefs(document, responses[statusKey], []) as JsonSchema;
  const content = response.content as Record<string, { schema?: unknown }> | undefined;
  const bodySchema = content?.['application/json']?.schema;

  let contract: ResponseContract;
  if (bodySchema === undefined) {
    contract = {
      schema: null,
      problems() {
        throw new Error(`${provider} ${method} ${template}: the contract documents ${status} without a body`);
      },
    };
  } else {
    const schema = toJsonSchema(bodySchema);
    const validate: ValidateFunction = ajv.compile(schema);
    contract = {
      schema,
      problems(body) {
        return validate(body) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '(body)'} ${error.message ?? ''}`.trim());
      },
    };
  }
  validators.set(cacheKey, contract);
  return contract;
}

function matchTemplate(document: JsonSchema, path: string): string {
  const paths = Object.keys(child(document, 'paths'));
  if (paths.includes(path)) return path;
  const servers = (document.servers as { url: string }[] | undefined) ?? [];
  const prefixes = ['', ...servers.map(({ url }) => new URL(url).pathname.replace(/\/$/, ''))];
  const [bare = path] = path.split('?');
  for (const template of paths) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]*')}$`);
    if (prefixes.some((prefix) => bare.startsWith(prefix) && pattern.test(bare.slice(prefix.length)))) return template;
  }
  throw new Error(`no path in the contract matches ${path}`);
}

function child(node: unknown, ...keys: string[]): JsonSchema {
  let current = node;
  for (const key of keys) {
    if (current === null || typeof current !== 'object' || !(key in current)) throw new Error(`contract has no ${keys.join(' > ')}`);
    current = (current as JsonSchema)[key];
  }
  return current as JsonSchema;
}

/** Inlines every local `$ref` (`#/a/b`); a reference cycle is reported rather than looped on. */
function resolveRefs(document: JsonSchema, node: unknown, stack: string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => resolveRefs(document, item, stack));
  if (node === null || typeof node !== 'object') return node;
  const ref = (node as JsonSchema).$ref;
  if (typeof ref === 'string') {
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
    if (stack.includes(ref)) throw new Error(`$ref cycle: ${[...stack, ref].join(' -> ')}`);
    const target = child(document, ...ref.slice(2).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')));
    return resolveRefs(document, target, [...stack, ref]);
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, resolveRefs(document, value, stack)]));
}

/** OpenAPI 3.0 Schema Object (refs already inlined) to JSON Schema draft-07. */
export function toJsonSchema(node: unknown): JsonSchema {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) throw new Error('a schema must be an object');
  const source = node as JsonSchema;
  const schema: JsonSchema = {};
  for (const [keyword, value] of Object.entries(source)) {
    if (OPENAPI_ONLY.has(keyword) || keyword.startsWith('x-')) continue;
    if (SUBSCHEMA_MAPS.includes(keyword)) {
      schema[keyword] = Object.fromEntries(Object.entries(value as JsonSchema).map(([name, sub]) => [name, toJsonSchema(sub)]));
    } else if (SUBSCHEMA_LISTS.includes(keyword)) {
      schema[keyword] = (value as unknown[]).map(toJsonSchema);
    } else if (SUBSCHEMAS.includes(keyword) && typeof value === 'object') {
      schema[keyword] = toJsonSchema(value);
    } else {
      schema[keyword] = value;
    }
  }
  if (source.nullable !== true) return schema;
  if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
    return schema;
  }
  // Without a type the schema already admits null unless a composition excludes it.
  const composed = SUBSCHEMA_LISTS.some((keyword) => keyword in schema);
  return composed ? { anyOf: [schema, { type: 'null' }] } : schema;
}
