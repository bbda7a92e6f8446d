import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import { createLRUCache, type Plugin } from 'graphql-yoga';

/** What a query's text parsed to, kept by its text: the hot path (src/server/hot-path/) takes only a query found here. */
export type DocumentCache = ReturnType<typeof createLRUCache<DocumentNode>>;

export function createDocumentCache(): DocumentCache {
  return createLRUCache<DocumentNode>();
}

/**
 * yoga's parse and validation cache, in its place (after every other plugin's parse and validate
 * hooks), without what it costs every request: yoga keys validation results by the names of the
 * rules in force, which it joins into one string per request (graphql-js's 26 and armor's; with
 * its WeakMap walk, 2 to 3 % of the hot path's CPU in `npm run bench -- profile`). Plugins here
 * add the same rules to every request (armor makes its rule functions anew each time, so their
 * identity cannot be the key), so a result is kept by schema, number of rules and document: a
 * plugin that added a rule to some requests only would get results of its own, not another's.
 * Parse errors are kept too, as yoga keeps them, so a bad query is not parsed again.
 */
export function useDocumentCache(documents: DocumentCache): Plugin {
  const parseErrors = createLRUCache<Error>();
  const validated = new WeakMap<GraphQLSchema, Map<number, WeakMap<DocumentNode, readonly Error[]>>>();
  return {
    onParse({ params, setParsedDocument }) {
      const source = params.source.toString();
      const document = documents.get(source);
      if (document) return setParsedDocument(document);
      const error = parseErrors.get(source);
      if (error) throw error;
      return ({ result }) => {
        if (result instanceof Error) parseErrors.set(source, result);
        else if (result) documents.set(source, result);
      };
    },
    onValidate({ params: { schema, documentAST, rules }, setResult }) {
      let bySchema = validated.get(schema);
      if (!bySchema) validated.set(schema, (bySchema = new Map()));
      let byDocument = bySchema.get(rules?.length ?? 0);
      if (!byDocument) bySchema.set(rules?.length ?? 0, (byDocument = new WeakMap()));
      const known = byDocument.get(documentAST);
      if (known) return setResult(known as GraphQLError[]);
      return ({ result }) => {
        byDocument.set(documentAST, result);
      };
    },
  };
}
