import type { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import type DataLoader from 'dataloader';
import type { PollerHub } from './live/poller-hub.js';
import { sessionPollKey } from './live/session-poll-target.js';
import { createSessionLoader } from './loaders/session-loader.js';
import type { RequestDeadline } from './security/request-deadline.js';
import { bearerToken } from './security/request-header.js';
import type { SessionCaches } from './upstreams/cache/session-caches.js';
import { credentialScope } from './upstreams/credential.js';
import type { Provider } from './upstreams/provider.js';
import type { SessionRef } from './upstreams/session-ref.js';
import type { AnySession, Upstreams } from './upstreams/upstreams.js';

export interface GatewayLimits {
  /** Most ids one `sessions`/`nodes`/`sessionsUpdated` field may ask for. @default 100 */
  maxIdsPerField: number;
}

/** Built fresh for every operation, so nothing cached here outlives the request or crosses clients. */
export interface GatewayContext {
  upstreams: Upstreams;
  hub: PollerHub;
  limits: GatewayLimits;
  /** The provider keys this request uses: the configured ones, or the client's own. Never logged or returned. */
  credentials: Readonly<Record<Provider, string>>;
  sessionLoader: DataLoader<SessionRef, AnySession, string>;
  /** Ends this operation's upstream calls (loads and closes) when it runs out of time: they pass its signal in their options. */
  deadline?: RequestDeadline;
  /** Epoch ms the deadline passes at, taken before execution starts: upstream calls pass it to the rate budget, which refuses at once what can't start by then. */
  deadlineAt?: number;
  /** Who is asking (see clientIdentity): the rate budget's fair queueing and the watch cap count by it. */
  clientId: string;
  /** Terminal sessions and recent 404s, shared across requests by credential scope. */
  caches?: SessionCaches;
}

export type ContextDeps = Pick<GatewayContext, 'upstreams' | 'hub' | 'limits' | 'caches'> & {
  /** The request deadline (REQUEST_DEADLINE_MS): a call the budget can't start within it is refused at once. @default none */
  deadlineMs?: number;
};

/** Callers with no client of their own (in-process tests, benchmarks) share one identity. */
const ANONYMOUS = 'anonymous';

export function createContext(
  deps: ContextDeps,
  credentials: Readonly<Record<Provider, string>>,
  deadline?: RequestDeadline,
  clientId: string = ANONYMOUS,
): GatewayContext {
  // Taken before execution starts the deadline, so it is never later than the deadline itself.
  const deadlineAt = deadline && deps.deadlineMs !== undefined ? Date.now() + deps.deadlineMs : undefined;
  return {
    ...deps,
    credentials,
    sessionLoader: createSessionLoader({ clients: deps.upstreams.clients, caches: deps.caches, hub: deps.hub }, { credentials, clientId, deadline, deadlineAt }),
    deadline,
    deadlineAt,
    clientId,
  };
}

/**
 * Who a request comes from: its JWT subject, else its API key (both hashed), else its address.
 * A token counts only when client auth checks it; otherwise anyone could send a fresh token with
 * each request to escape the watch cap and the fair queue, so the address is used.
 */
export function clientIdentity(serverContext: unknown, authChecked: boolean): string {
  if (authChecked) {
    const token = bearerToken(serverContext);
    const subject = (serverContext as { jwt?: { payload?: { sub?: unknown } } }).jwt?.payload?.sub ?? jwtSubject(token);
    if (typeof subject === 'string') return `sub:${hashed(subject)}`;
    if (token !== undefined) return `key:${hashed(token)}`;
  }
  const req = (serverContext as { req?: IncomingMessage } | undefined)?.req;
  const address = req?.socket?.remoteAddress;
  return address ? `ip:${address}` : ANONYMOUS;
}

/**
 * The `sub` of a JWT-shaped token, read without verifying it: over graphql-ws the JWT plugin
 * verifies after this runs, and an operation whose token fails is refused before it executes.
 */
function jwtSubject(token: string | undefined): unknown {
  const payload = token?.split('.');
  if (payload?.length !== 3) return undefined;
  try {
    return (JSON.parse(Buffer.from(payload[1]!, 'base64url').toString('utf8')) as { sub?: unknown } | null)?.sub;
  } catch {
    return undefined;
  }
}

function hashed(value: string): string {
  return createHash('sha256').update('sessiongraph-client:').update(value).digest('hex').slice(0, 24);
}

/**
 * A mutation changed a session: forget what reads could answer from (caches, this request's
 * loader) and have its watchers' poller look again now. Every mutation calls it after its call.
 */
export function invalidateSession(ctx: GatewayContext, ref: SessionRef): void {
  const credential = ctx.credentials[ref.provider];
  ctx.caches?.invalidate(credentialScope(credential), ref);
  ctx.sessionLoader.clear(ref);
  ctx.hub.pokeNow(sessionPollKey(ref, credential));
}
