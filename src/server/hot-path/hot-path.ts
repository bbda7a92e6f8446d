import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { getOperationAST, type ExecutionResult } from 'graphql';
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
  gateway: YogaServerInstance<Record<string, never>, any>;
  /** The plugins the gateway was made with: what they do on the hot path decides whether there is one (src/server/hot-path/hot-path-hooks.ts). */
  plugins: readonly HotPathPlugin[];
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
 * (docs/performance.md). The hot path skips only that: it qualifies a plain query (a POST of JSON
 * to /graphql, no Origin so no CORS, an Accept it knows, and every plugin's fetch-level hooks
 * agreeing), then runs it through yoga's own envelop, as graphql-ws does: yoga's parse and
 * validate cache, every plugin's parse, validate, context and execute hooks, the same executor,
 * the same masking. Anything else, including a document that fails to parse or validate and an
 * operation that is not a query, goes to yoga, which answers it.
 */
export function createHotPath({ gateway, plugins }: HotPathOptions): HotPath {
  const found = hotPathHooks(plugins);
  if ('reason' in found) return { listener: gateway, state: { on: false, reason: found.reason } };
  const hooks = found.hooks;
  const wrappers = hooks.flatMap((hook) => (hook.request ? [hook.request.bind(hook)] : []));
  let served = 0;
  let passedOn = 0;

  /** To yoga, with the body already read: whatwg-node takes a pre-read `body` as Express's body parser leaves it. */
  const toYoga = (req: IncomingMessage, res: ServerResponse, body?: Buffer): undefined => {
    passedOn += 1;
    // One own key and an async iterator: whatwg-node's check for a pre-read body costs O(keys), and a Buffer has one per byte.
    if (body !== undefined) (req as IncomingMessage & { body?: unknown }).body = { body, async *[Symbol.asyncIterator]() { yield body; } };
    void gateway(req, res);
    return undefined;
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, body: Buffer, params: GraphQLParams, mediaType: string): Promise<HotPathAnswer | undefined> => {
    const { parse, validate, contextFactory, execute, schema } = gateway.getEnveloped({ req, res, params, request: requestView(req) });
    let document;
    try {
      document = parse(params.query);
    } catch {
      return toYoga(req, res, body);
    }
    const operation = getOperationAST(document, params.operationName);
    if (operation?.operation !== 'query' || validate(schema, document).length > 0) return toYoga(req, res, body);
    let contextValue;
    try {
      // Awaited only when a plugin made it a promise: each await is a turn of the microtask queue per request.
      const context = contextFactory();
      contextValue = context instanceof Promise ? await context : context;
    } catch {
      // A malformed provider key header, a refused client: yoga answers with the status the error carries.
      return toYoga(req, res, body);
    }
    const executing = execute({ schema, document, operationName: params.operationName, variableValues: params.variables, contextValue }) as ExecutionResult | Promise<ExecutionResult>;
    const result = executing instanceof Promise ? await executing : executing;
    let status = 200;
    let payload: string;
    if (result.errors === undefined && result.extensions === undefined) {
      payload = JSON.stringify(result);
    } else {
      // yoga's own result processor, so errors are written exactly as yoga writes them.
      const response = processRegularResult(result, gateway.fetchAPI, mediaType);
      status = response.status;
      payload = await response.text();
    }
    return { status, headers: { 'content-type': `${mediaType}; charset=utf-8`, 'content-length': Buffer.byteLength(payload) }, payload, operationType: operation.operation };
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, body: Buffer, mediaType: string): Promise<void> => {
    const params = graphqlParams(body);
    if (!params) return void toYoga(req, res, body);
    let run = () => answer(req, res, body, params, mediaType);
    for (const wrapper of wrappers.toReversed()) {
      const inner = run;
      run = () => wrapper(req, inner);
    }
    const done = await run();
    if (done === undefined) return;
    res.writeHead(done.status, done.headers);
    res.end(done.payload);
    served += 1;
  };

  const accepts = (req: IncomingMessage) => hooks.every((hook) => hook.accepts?.(req) ?? true);

  const listener: RequestListener = (req, res) => {
    const mediaType = req.method === 'POST' && req.url === '/graphql' && req.headers.origin === undefined ? MEDIA_TYPES.get(req.headers.accept) : undefined;
    if (mediaType === undefined || !JSON_CONTENT.test(req.headers['content-type'] ?? '') || !accepts(req)) return void toYoga(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => {
      serve(req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), mediaType).catch((error: unknown) => {
        // Execution turns resolver failures into errors in the result, and masking has run, so this is a bug.
        gateway.logger.error(error);
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

