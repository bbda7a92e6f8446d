import { getOperationAST, GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema, type SourceLocation } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';

/** An operation graphql-jit could not compile, remembered so it is not tried again. */
const NOT_COMPILED = null;

/**
 * Queries run compiled by graphql-jit, on every transport, 1.9–2.4× faster than graphql-js
 * (`npm run bench -- execution`) with the same resolvers. Mutations and subscriptions, and a query
 * graphql-jit cannot compile, run on yoga's own executor. Two differences are settled here, once for every
 * path, so that each request is executed once and its errors written once:
 * - graphql-jit writes `data` before `errors`, graphql-js (and every client's expectation) after,
 *   and its errors carry `locations` but not the source positions graphql-js errors keep, which
 *   error masking needs to build its own; they are rebuilt as graphql-js errors;
 * - graphql-jit words variable coercion failures its own way, and without the 400 yoga's executor
 *   gives them. Such a result has no `data`: no resolver ran, nothing was fetched, so yoga's
 *   executor coerces the variables again and answers, and that is all it does.
 * Each compiled query is kept beside its document (yoga's parse cache keeps one per query text),
 * so it goes when the document does.
 */
export function useJitExecutor(): Plugin {
  const compiled = new WeakMap<DocumentNode, Map<string | null | undefined, CompiledQuery | typeof NOT_COMPILED>>();
  const compiledFor = (schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): CompiledQuery | typeof NOT_COMPILED => {
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map()));
    let query = byName.get(operationName);
    if (query === undefined) {
      try {
        const attempt = getOperationAST(document, operationName)?.operation === 'query' ? compileQuery(schema, document, operationName ?? undefined) : undefined;
        query = attempt && isCompiledQuery(attempt) ? attempt : NOT_COMPILED;
      } catch {
        query = NOT_COMPILED;
      }
      byName.set(operationName, query);
    }
    return query;
  };
  type Execute = (args: ExecutionArgs) => unknown;
  const executeCompiled = async (args: ExecutionArgs, execute: Execute): Promise<ExecutionResult> => {
    const query = compiledFor(args.schema, args.document, args.operationName);
    if (query === NOT_COMPILED) return execute(args) as Promise<ExecutionResult>;
    const result = await query.query(args.rootValue, args.contextValue, args.variableValues);
    if (result.data === undefined) return execute(args) as Promise<ExecutionResult>;
    if (result.errors === undefined) return result;
    const errors = result.errors.map((error) => asGraphQLJsError(error, args.document));
    return result.extensions === undefined ? { errors, data: result.data } : { errors, data: result.data, extensions: result.extensions };
  };
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(((args: ExecutionArgs) => executeCompiled(args, executeFn as Execute)) as typeof executeFn);
    },
  };
}

/** A graphql-jit error as graphql-js would have made it: with the source and positions its locations point at. */
function asGraphQLJsError(error: GraphQLError, document: DocumentNode): GraphQLError {
  const source = document.loc?.source;
  const positions = source && error.locations?.map((location) => positionOf(source.body, location));
  return new GraphQLError(error.message, { source, positions, path: error.path, originalError: error.originalError ?? undefined });
}

/** The offset of a 1-based line and column in `body`. */
function positionOf(body: string, { line, column }: SourceLocation): number {
  const newline = /\r\n|[\n\r]/g;
  let offset = 0;
  for (let at = 1; at < line && newline.test(body); at++) offset = newline.lastIndex;
  return offset + column - 1;
}
