import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse, validate, type GraphQLSchema } from 'graphql';

/** The operations the gateway knows by id: the text of each, as its manifest lists it. */
export type PersistedDocuments = ReadonlyMap<string, string>;

const SHA256_ID = /^sha256:[0-9a-f]{64}$/;
const MAX_ID_LENGTH = 200;

/** `sha256:<hex>` as client-preset and the GraphQL-over-HTTP appendix write it; bare hex as Apollo does. */
export function normalizeDocumentId(id: string): string {
  return /^[0-9a-f]{64}$/.test(id) ? `sha256:${id}` : id;
}

/**
 * Reads persisted-documents manifests (`{ "<id>": "<document>" }`, what @graphql-codegen's
 * client preset writes) and merges them. Everything is checked once here so a bad manifest stops
 * the gateway at start rather than failing one request at a time: each document must validate
 * against `schema`, a sha256 id must be the hash of its text, and two manifests may not give one
 * id different texts.
 */
export async function loadPersistedDocuments(paths: readonly string[], schema: GraphQLSchema): Promise<PersistedDocuments> {
  const documents = new Map<string, string>();
  for (const path of paths) {
    const problem = (what: string) => new Error(`Persisted documents ${path}: ${what}`);
    let manifest: unknown;
    try {
      manifest = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw problem(error instanceof SyntaxError ? `not JSON (${error.message})` : `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) throw problem('expected an object of "<id>": "<document>"');
    for (const [rawId, text] of Object.entries(manifest)) {
      const id = normalizeDocumentId(rawId);
      if (id.length === 0 || id.length > MAX_ID_LENGTH) throw problem(`an id must have 1 to ${MAX_ID_LENGTH} characters (got ${JSON.stringify(rawId.slice(0, 40))})`);
      if (typeof text !== 'string') throw problem(`${rawId}: the document must be a string`);
      if (SHA256_ID.test(id) && id !== `sha256:${createHash('sha256').update(text).digest('hex')}`) throw problem(`${rawId}: the id is not the sha256 of its document`);
      let errors: readonly Error[];
      try {
        errors = validate(schema, parse(text));
      } catch (error) {
        errors = [error as Error];
      }
      if (errors.length > 0) throw problem(`${rawId}: ${errors[0]!.message} (regenerate it against this schema)`);
      const known = documents.get(id);
      if (known !== undefined && known !== text) throw problem(`${rawId}: another manifest gives this id a different document`);
      documents.set(id, text);
    }
  }
  return documents;
}
