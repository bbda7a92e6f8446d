import { parse, type DocumentNode } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { withHotPath } from '../server/hot-path/hot-path-hooks.js';
import { normalizeDocumentId, type PersistedDocuments } from './persisted-documents.js';

export interface PersistedDocumentsOptions {
  /** The documents clients may name by id instead of sending their text. */
  documents: PersistedDocuments;
  /**
   * Trusted-documents mode: run nothing but `documents`. Over HTTP a client must send the id;
   * over WebSocket (whose protocol requires a query string) the id with an empty query, or the
   * manifest's exact text.
   * @default false
   */
  trustedOnly?: boolean;
}

type Params = { documentId?: unknown; extensions?: { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } } | undefined;

/**
 * The id a request names: GraphQL-over-HTTP's `documentId` (in the body, or the search params of
 * a GET), or Apollo's `extensions.persistedQuery.sha256Hash`.
 */
function documentIdOf(params: Params, request?: Request): string | null {
  const documentId = params?.documentId ?? (request?.method === 'GET' ? new URL(request.url).searchParams.get('documentId') : null);
  if (typeof documentId === 'string') return normalizeDocumentId(documentId);
  const persisted = params?.extensions?.persistedQuery;
  return persisted?.version === 1 && typeof persisted.sha256Hash === 'string' ? normalizeDocumentId(persisted.sha256Hash) : null;
}

const NOT_IN_LIST = { message: 'No persisted document has this id', extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST', http: { status: 400 } } };
const TRUSTED_ONLY = {
  message: 'This gateway runs only its trusted documents: send the documentId from its manifest instead of a query',
  extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
};
const NO_DOCUMENT = { message: 'Send a query, or the documentId of a persisted document', extensions: { code: 'BAD_REQUEST', http: { status: 400 } } };

/**
 * Persisted documents by id, and trusted-documents mode. HTTP goes through yoga's
 * persisted-operations plugin at the params stage; graphql-ws skips that stage, so the same rule
 * is enforced again where every transport meets: the parse.
 */
export function usePersistedDocuments({ documents, trustedOnly = false }: PersistedDocumentsOptions): Plugin {
  const trustedTexts = new Set(documents.values());
  const parsed = new Map<string, DocumentNode>();
  const parsedDocument = (id: string): DocumentNode | undefined => {
    const text = documents.get(id);
    if (text === undefined) return undefined;
    let document = parsed.get(id);
    if (!document) parsed.set(id, (document = parse(text)));
    return document;
  };
  return withHotPath({
    onPluginInit({ addPlugin }) {
      addPlugin(
        usePersistedOperations({
          getPersistedOperation: (id) => documents.get(id) ?? null,
          extractPersistedOperationId: (params, request) => documentIdOf(params as Params, request),
          allowArbitraryOperations: !trustedOnly,
          customErrors: { notFound: NOT_IN_LIST, persistedQueryOnly: TRUSTED_ONLY, keyNotFound: NO_DOCUMENT },
        }),
      );
    },
    onParse({ context, params, setParsedDocument }) {
      const source = typeof params.source === 'string' ? params.source : params.source.body;
      if (source.trim() === '') {
        const id = documentIdOf((context as { params?: Params }).params);
        if (id === null) return;
        const document = parsedDocument(id);
        if (!document) throw createGraphQLError(NOT_IN_LIST.message, { extensions: { code: NOT_IN_LIST.extensions.code } });
        setParsedDocument(document);
        return;
      }
      if (trustedOnly && !trustedTexts.has(source)) throw createGraphQLError(TRUSTED_ONLY.message, { extensions: { code: TRUSTED_ONLY.extensions.code } });
    },
  },
  // The hot path takes only bodies without a document id, which the params stage lets through unless only ids may be sent.
  trustedOnly ? { unavailable: 'trusted-documents mode: only persisted operations run, and they go through yoga' } : {});
}
