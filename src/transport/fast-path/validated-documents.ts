import type { DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface ValidatedDocumentsOptions {
  /**
   * Documents kept, least recently used dropped first.
   * @default 512
   */
  maxDocuments?: number;
  /**
   * Longest query text kept, in characters: real operations are far shorter, and a bound keeps
   * the memory this can hold small (512 × 16 KiB at most).
   * @default 16384
   */
  maxQueryLength?: number;
}

export interface ValidatedDocuments {
  /** The document yoga parsed from this exact query text, if it passed every validation rule. */
  get(query: string): DocumentNode | undefined;
  readonly size: number;
  /** Records, by their query text, the documents yoga's validation accepts over HTTP. */
  plugin(): Plugin;
}

/**
 * What lets the fast path skip parsing and validation without deciding anything itself: a query
 * text is served there only after yoga, with every plugin's rules (query limits, introspection,
 * armor's token count at parse), accepted it once. Those rules read nothing but the document and
 * the process's settings, so a text accepted once is accepted every time.
 */
export function createValidatedDocuments(options: ValidatedDocumentsOptions = {}): ValidatedDocuments {
  const maxDocuments = options.maxDocuments ?? 512;
  const maxQueryLength = options.maxQueryLength ?? 16_384;
  const documents = new Map<string, DocumentNode>();

  return {
    get(query) {
      const document = documents.get(query);
      if (document !== undefined && documents.size > 1) {
        // A Map iterates in insertion order: re-inserting makes this the most recently used.
        documents.delete(query);
        documents.set(query, document);
      }
      return document;
    },
    get size() {
      return documents.size;
    },
    plugin(): Plugin {
      return {
        onValidate({ params: { documentAST }, context }) {
          const { request, params } = context as { request?: Request; params?: { query?: unknown } };
          const query = params?.query;
          // Only what an HTTP client sent as text is a key a later HTTP request can look up.
          if (!request || typeof query !== 'string' || query.length > maxQueryLength) return undefined;
          return ({ valid }) => {
            if (!valid || documents.has(query)) return;
            documents.set(query, documentAST);
            if (documents.size > maxDocuments) documents.delete(documents.keys().next().value!);
          };
        },
      };
    },
  };
}
