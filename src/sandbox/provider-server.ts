import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { respond, type FaultTable } from './faults.js';
import { BodyTooLargeError, readBody, sendReply, withHeaders, type Reply } from './http-server.js';
import type { AuthScheme, ProviderApi, Route } from './provider-api.js';

/** The largest body a contract takes is a Kadoa crawl's start: a few URLs and filters, far below this. */
const REQUEST_BODY_LIMIT = 16 * 1024;

export interface FinishedRequest {
  method: string;
  path: string;
  status: number;
}

export interface ProviderServerOptions {
  api: ProviderApi;
  key: string;
  faults: FaultTable;
  onFinished(request: FinishedRequest): void;
}

/**
 * One simulated upstream as a plain node:http server. Order per request: fault, route (404/405),
 * auth (401), then the provider's handler; the same for all four so they differ only in ProviderApi.
 */
export function createProviderServer({ api, key, faults, onFinished }: ProviderServerOptions): Server {
  const answer = async (req: IncomingMessage): Promise<Reply> => {
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split('?');
    if (!rawPath.startsWith(`${api.basePath}/`)) return api.errorReply(404);
    const path = rawPath.slice(api.basePath.length);
    const matched = matchRoute(api.routes, path);
    if (matched === undefined) return api.errorReply(404);
    const { route, params } = matched;
    const method = req.method ?? 'GET';
    const handler = Object.hasOwn(route.methods, method) ? route.methods[method as keyof typeof route.methods] : undefined;
    if (handler === undefined) {
      return withHeaders(api.errorReply(405), { allow: Object.keys(route.methods).join(', ') });
    }
    const denied = authProblem(req.headers, api.auth, key);
    if (denied !== undefined) {
      return withHeaders(api.errorReply(401, denied), api.auth.kind === 'bearer' ? { 'www-authenticate': 'Bearer' } : {});
    }
    try {
      return await handler({ params, query: new URLSearchParams(rawQuery), body: () => readBody(req, REQUEST_BODY_LIMIT) });
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return withHeaders(api.errorReply(413), { connection: 'close' });
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      onFinished({ method: req.method ?? 'GET', path: req.url ?? '/', status: res.headersSent ? res.statusCode : 0 });
    };
    res.once('finish', record).once('close', record);
    respond(res, api, faults.take(api.provider), () => answer(req)).catch((error: unknown) => {
      if (res.destroyed) return;
      console.error(`sandbox: ${api.provider} failed to answer ${req.method} ${req.url}`, error);
      if (res.headersSent) res.destroy();
      else sendReply(res, api.errorReply(500));
    });
  };

  return createServer(handle);
}

function matchRoute(routes: readonly Route[], path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (match) return { route, params: match.groups ?? {} };
  }
  return undefined;
}

/** The refusal message, never echoing what was sent, or undefined for the expected key. */
function authProblem(headers: IncomingHttpHeaders, scheme: AuthScheme, key: string): string | undefined {
  const header = headers[scheme.kind === 'bearer' ? 'authorization' : scheme.name];
  if (header === undefined) return 'Not authenticated';
  const presented = scheme.kind === 'bearer' ? /^Bearer (.*)$/i.exec(String(header))?.[1] : String(header);
  return presented === key ? undefined : 'Invalid API key';
}

export async function listen(server: Server, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Destroys every connection too, idle keep-alive ones included, so nothing holds the process open. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve();
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
