import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { execute, getOperationAST, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { processRegularResult } from 'graphql-yoga';
import type { GatewayContext } from '../../context.js';
import type { Gateway } from '../../gateway.js';
import { requestIdFrom, runInRequest } from '../../observability/request-context.js';
import { transportHeader } from '../../security/transport-header.js';
import { withinSessionBudget } from '../../security/use-session-budget.js';
import type { FastPathMetrics } from './fast-path-metrics.js';
import type { ValidatedDocuments } from './validated-documents.js';

/** How a request reaches the fast path's checks: the same shape graphql-ws contexts have, so the shared header readers work on it. */
export interface NodeTransport {
  req: IncomingMessage;
}

export interface FastPathOptions {
  /** Everything the fast path does not serve itself, and what set the rules it follows. */
  gateway: Gateway;
  schema: GraphQLSchema;
  documents: ValidatedDocuments;
  /** The context yoga would build for this request; throws where yoga would refuse it (a malformed key header). */
  context(transport: NodeTransport): GatewayContext;
  /** Whether the request may run at all; absent when client auth is off. A request it refuses is left to yoga, which answers the 401 (or verifies a JWT). */
  authenticated?: (transport: NodeTransport) => boolean;
  /** yoga's error masking, as configured: the same function and the same log lines. */
  maskError(error: GraphQLError): GraphQLError;
  maxRequestBodyBytes: number;
  maxSessionsPerOperation: number;
  metrics?: FastPathMetrics;
  /** @default 'x-request-id' */
  requestIdHeader?: string;
}

/**
 * The Accept headers the fast path answers, each with the media type yoga chooses for it
 * (test/transport/fast-path.test.ts holds both paths to the same answer for every one of them).
 * Any other value goes to yoga, which knows the rest of content negotiation.
 */
const MEDIA_TYPES = new Map<string | undefined, string>([
  [undefined, 'application/json'],
  ['*/*', 'application/json'],
  ['application/json', 'application/json'],
  ['application/graphql-response+json', 'application/graphql-response+json'],
  ['application/graphql-response+json, application/json', 'application/graphql-response+json'],
  ['application/graphql-response+json, application/json;q=0.9', 'application/graphql-response+json'],
]);

const JSON_CONTENT = /^application\/json(;\s*charset=utf-8)?$/i;
const CONTENT_LENGTH = /^\d{1,9}$/;
const UNEXPECTED = 'Unexpected error.';

interface GraphQLParams {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** The request body, when it is nothing but the three standard keys with the types they must have. */
function graphqlParams(body: Buffer): GraphQLParams | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const { query, variables, operationName, ...rest } = parsed as Record<string, unknown>;
  for (const _ in rest) return undefined;
  if (typeof query !== 'string') return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  return { query, variables: (variables ?? undefined) as Record<string, unknown> | undefined, operationName: operationName ?? undefined };
}

/**
 * A node request listener that serves the hot path itself and hands everything else to yoga.
 *
 * yoga spends most of a small query's CPU turning node's request into a fetch Request, the
 * result into a fetch Response and back, and running a dozen plugin hooks
 * (docs/performance.md). The fast path serves what can skip all of that without changing the
 * answer: a POST of JSON to /graphql, with no Origin (so no CORS), an Accept it knows, and a query
 * text yoga has already validated. It runs the same checks with the same shared functions
 * (client API keys, provider key headers, the session budget, the request deadline, masking,
 * request ids, metrics) and answers byte for byte as yoga would.
 *
 * It decides nothing on its own: whenever a check would refuse the request, or the body is
 * anything but a plain query, the request goes to yoga with its body, and yoga answers. The one
 * thing it serves itself is a result with data, whose status is 200 on either path.
 */
export interface FastPath {
  listener: RequestListener;
  /** Requests served by the fast path, and requests it passed on to yoga, since start. */
  stats(): { served: number; passedOn: number };
}

export function createFastPath(options: FastPathOptions): FastPath {
  const { gateway, schema, documents, metrics } = options;
  const executors = compiledExecutors(schema);
  const requestIdHeader = options.requestIdHeader ?? 'x-request-id';
  let served = 0;
  let passedOn = 0;

  /** To yoga, with the body already read: whatwg-node takes a pre-read `body` as Express's body parser leaves it. */
  const toYoga = (req: IncomingMessage, res: ServerResponse, body?: Buffer) => {
    passedOn += 1;
    metrics?.passedOn();
    // One own key and an async iterator: whatwg-node's check for a pre-read body costs O(keys), and a Buffer has one per byte.
    if (body !== undefined) (req as IncomingMessage & { body?: unknown }).body = { body, async *[Symbol.asyncIterator]() { yield body; } };
    void gateway(req, res);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, body: Buffer, mediaType: string, started: number): Promise<void> => {
    const params = graphqlParams(body);
    const document = params && documents.get(params.query);
    const operation = document && getOperationAST(document, params.operationName);
    if (!params || !document || operation?.operation !== 'query') return toYoga(req, res, body);
    const transport: NodeTransport = { req };
    if (options.authenticated && !options.authenticated(transport)) return toYoga(req, res, body);
    const args = { schema, document, operationName: params.operationName, variableValues: params.variables };
    if (!withinSessionBudget(args, options.maxSessionsPerOperation)) return toYoga(req, res, body);
    const building = performance.now();
    let contextValue: GatewayContext;
    try {
      contextValue = options.context(transport);
    } catch {
      return toYoga(req, res, body);
    }
    const contextSeconds = (performance.now() - building) / 1_000;

    const requestId = requestIdFrom(transportHeader(transport, requestIdHeader));
    await runInRequest(requestId, async () => {
      const executing = performance.now();
      contextValue.deadline?.start();
      let result: ExecutionResult = await executors(document, params.operationName)(contextValue, params.variables);
      // graphql-jit orders errors after data and gives them no locations. graphql-js writes them as
      // yoga does; run again, everything it loads comes from this request's loader, errors included: no upstream call is repeated.
      if (result.errors) result = await execute({ ...args, contextValue });
      // No data: the variables did not coerce and nothing ran. yoga answers that (with 400 or 200, as negotiated).
      if (!('data' in result)) return toYoga(req, res, body);
      const executeSeconds = (performance.now() - executing) / 1_000;
      const errors = result.errors?.map((error) => options.maskError(error));
      let status = 200;
      let payload: string;
      if (errors === undefined && result.extensions === undefined) {
        payload = JSON.stringify(result);
      } else {
        // Errors are rare on the hot path; yoga's own result processor writes them exactly as yoga would.
        const response = processRegularResult({ ...result, errors }, gateway.fetchAPI, mediaType);
        status = response.status;
        payload = await response.text();
      }
      res.writeHead(status, {
        'content-type': `${mediaType}; charset=utf-8`,
        'content-length': Buffer.byteLength(payload),
        [requestIdHeader]: requestId,
      });
      res.end(payload);
      served += 1;
      metrics?.served({ statusCode: status, requestSeconds: (performance.now() - started) / 1_000, contextSeconds, executeSeconds, errors: errors?.length ?? 0 });
    });
  };

  const listener: RequestListener = (req, res) => {
    const mediaType = req.method === 'POST' && req.url === '/graphql' && req.headers.origin === undefined ? MEDIA_TYPES.get(req.headers.accept) : undefined;
    const length = req.headers['content-length'];
    if (
      mediaType === undefined ||
      !JSON_CONTENT.test(req.headers['content-type'] ?? '') ||
      length === undefined ||
      !CONTENT_LENGTH.test(length) ||
      Number(length) > options.maxRequestBodyBytes
    ) {
      return toYoga(req, res);
    }
    const started = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => {
      serve(req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), mediaType, started).catch((error: unknown) => {
        // Execution turns resolver failures into errors in the result, so this is a bug; the client still gets yoga's 500.
        options.maskError(error instanceof GraphQLError ? error : new GraphQLError(UNEXPECTED, { originalError: error as Error }));
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': `${mediaType}; charset=utf-8` });
          res.end(JSON.stringify({ errors: [{ message: UNEXPECTED }] }));
        } else {
          res.destroy();
        }
      });
    });
    // A client that goes away mid-body: node destroys the socket, and there is nothing to answer.
    req.once('error', () => res.destroy());
  };
  return { listener, stats: () => ({ served, passedOn }) };
}

type Executor = (context: GatewayContext, variables: Record<string, unknown> | undefined) => Promise<ExecutionResult> | ExecutionResult;

/**
 * Each validated operation compiled once by graphql-jit, which runs our queries 1.9–2.4× faster
 * than graphql-js (`npm run bench -- execution`) with the same result: the same resolvers, the
 * same variable coercion, the same errors (test/transport/fast-path.test.ts compares every case
 * with yoga's graphql-js answer). An operation graphql-jit cannot compile runs on graphql-js.
 * Kept beside its document, so it goes when the document leaves the cache.
 */
function compiledExecutors(schema: GraphQLSchema): (document: DocumentNode, operationName: string | undefined) => Executor {
  const byDocument = new WeakMap<DocumentNode, Map<string | undefined, Executor>>();
  return (document, operationName) => {
    let byName = byDocument.get(document);
    if (!byName) byDocument.set(document, (byName = new Map()));
    let executor = byName.get(operationName);
    if (!executor) {
      let compiled: CompiledQuery | undefined;
      try {
        const attempt = compileQuery(schema, document, operationName);
        compiled = isCompiledQuery(attempt) ? attempt : undefined;
      } catch {
        compiled = undefined;
      }
      executor = compiled
        ? (context, variables) => compiled.query(undefined, context, variables)
        : (context, variables) => execute({ schema, document, operationName, contextValue: context, variableValues: variables });
      byName.set(operationName, executor);
    }
    return executor;
  };
}
