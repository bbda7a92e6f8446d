import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { getOperationAST, type DocumentNode, type ExecutionResult } from 'graphql';
import { processRegularResult, type YogaServerInstance } from 'graphql-yoga';
import { hotPathHooks, type HotPathAnswer, type HotPathPlugin } from './hot-path-hooks.js';

/** What the hot path serves, and what it passed on to yoga, since start; or why it is off. */
export type HotPathState = { on: true; stats(): { served: number; passedOn: number } } | { on: false; reason: string };

export interface HotPath {
  /** What the HTTP server runs: the hot path in front of yoga, or yoga alone. */
  listener: RequestListener;
  state: HotPathState;
}

export interface HotPathOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any context: the hot path only hands it on
  server: YogaServerInstance<Record<string, never>, any>;
  /** The plugins the server was made with: what they do on the hot path decides whether there is one (src/server/hot-path/hot-path-hooks.ts). */
  plugins: readonly HotPathPlugin[];
  /** yoga's parse cache: a request qualifies only with a document yoga has parsed before. */
  documents: { get(query: string): DocumentNode | undefined };
}

/**
 * The Accept headers the hot path answers, each with the media type yoga chooses for it
 * (test/server/hot-path.test.ts holds both paths to the same answer for every one of them).
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
 * What envelop hooks read of an HTTP request, read from node's request without building a fetch
 * Request: its method, URL and headers. Plugins tell HTTP from graphql-ws by `context.request`
 * (yoga's own marks parse errors 400 only on HTTP), so the hot path's requests must carry one.
 */
function requestView(req: IncomingMessage): Request {
  const header = (name: string) => {
    const value = req.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  };
  const headers = { get: header, has: (name: string) => header(name) !== null };
  return { method: req.method, url: `http://${req.headers.host ?? 'localhost'}${req.url}`, headers } as unknown as Request;
}

/**
 * A node request listener in front of yoga. yoga spends about half of a small query's CPU
 * turning node's request into a fetch Request and the result into a fetch Response
 * (docs/performance.md). The hot path skips only that. Before any plugin runs it qualifies a
 * request: a POST of JSON to /graphql, no Origin so no CORS, an Accept it knows, every plugin's
 * request-level hooks agreeing, nothing but query, variables and operationName in the body, and a
 * document yoga has parsed before whose operation is a query or a mutation. Anything else goes to
 * yoga untouched. A qualified request runs through yoga's own getResultForParams, as yoga would
 * run it: onParams, every envelop hook, the same executor, the same error handling and masking,
 * onExecutionResult; its result is written by yoga's result processor. So every hook runs once per
 * request whichever path serves it, and a validation or context failure is answered here.
 */
export function createHotPath({ server, plugins, documents }: HotPathOptions): HotPath {
  const found = hotPathHooks(plugins);
  if ('reason' in found) return { listener: server, state: { on: false, reason: found.reason } };
  const hooks = found.hooks;
  type Serve = (req: IncomingMessage, serve: () => Promise<HotPathAnswer>) => Promise<HotPathAnswer>;
  // The plugins' request wrappers composed once, the first outermost, rather than for each request.
  const wrapped = hooks.reduceRight<Serve>((inner, hook) => {
    const wrapper = hook.request?.bind(hook);
    return wrapper ? (req, serve) => wrapper(req, () => inner(req, serve)) : inner;
  }, (_req, serve) => serve());
  let served = 0;
  let passedOn = 0;

  /** To yoga, with the body already read: whatwg-node takes a pre-read `body` as Express's body parser leaves it. */
  const toYoga = (req: IncomingMessage, res: ServerResponse, body?: Buffer): void => {
    passedOn += 1;
    // One own key and an async iterator: whatwg-node's check for a pre-read body costs O(keys), and a Buffer has one per byte.
    if (body !== undefined) (req as IncomingMessage & { body?: unknown }).body = { body, async *[Symbol.asyncIterator]() { yield body; } };
    void server(req, res);
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, params: GraphQLParams, operationType: string, mediaType: string): Promise<HotPathAnswer> => {
    // Awaited only when a plugin made it a promise: each await is a turn of the microtask queue per request.
    const resulting = server.getResultForParams({ params, request: requestView(req) }, { req, res } as never);
    const result = (resulting instanceof Promise ? await resulting : resulting) as ExecutionResult;
    if (result.errors === undefined && result.extensions === undefined) {
      const payload = JSON.stringify(result);
      return { status: 200, headers: { 'content-type': `${mediaType}; charset=utf-8`, 'content-length': Buffer.byteLength(payload) }, payload, operationType };
    }
    // yoga's own result processor, so errors, their status and their headers are written exactly as yoga writes them.
    const response = processRegularResult(result, server.fetchAPI, mediaType);
    const payload = await response.text();
    return { status: response.status, headers: { ...Object.fromEntries(response.headers), 'content-length': Buffer.byteLength(payload) }, payload, operationType };
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, body: Buffer, mediaType: string): Promise<void> => {
    const params = graphqlParams(body);
    const document = params && documents.get(params.query);
    const operationType = document && getOperationAST(document, params.operationName)?.operation;
    if (!params || (operationType !== 'query' && operationType !== 'mutation')) return toYoga(req, res, body);
    const done = await wrapped(req, () => answer(req, res, params, operationType, mediaType));
    res.writeHead(done.status, done.headers);
    res.end(done.payload);
    served += 1;
  };

  const acceptors = hooks.flatMap((hook) => (hook.accepts ? [hook.accepts.bind(hook)] : []));
  const accepts = (req: IncomingMessage) => acceptors.every((accept) => accept(req));

  const listener: RequestListener = (req, res) => {
    const mediaType = req.method === 'POST' && req.url === '/graphql' && req.headers.origin === undefined ? MEDIA_TYPES.get(req.headers.accept) : undefined;
    if (mediaType === undefined || !JSON_CONTENT.test(req.headers['content-type'] ?? '') || !accepts(req)) return toYoga(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => {
      serve(req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), mediaType).catch((error: unknown) => {
        // getResultForParams turns every failure from parse to execute into a masked result: a bug, or an onParams or onExecutionResult hook that threw.
        server.logger.error(error);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': `${mediaType}; charset=utf-8` });
          res.end(JSON.stringify({ errors: [{ message: 'Unexpected error.' }] }));
        } else {
          res.destroy();
        }
      });
    });
    // A client that goes away mid-body: node destroys the socket, and there is nothing to answer.
    req.once('error', () => res.destroy());
  };
  return { listener, state: { on: true, stats: () => ({ served, passedOn }) } };
}

