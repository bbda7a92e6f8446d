import type DataLoader from 'dataloader';
import type { PollerHub } from './live/poller-hub.js';
import { createSessionLoader } from './loaders/session-loader.js';
import type { RequestDeadline } from './security/request-deadline.js';
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
}

export interface ContextDeps {
  upstreams: Upstreams;
  hub: PollerHub;
  limits: GatewayLimits;
}

export function createContext(deps: ContextDeps, credentials: Readonly<Record<Provider, string>>, deadline?: RequestDeadline): GatewayContext {
  return {
    ...deps,
    credentials,
    sessionLoader: createSessionLoader(deps.upstreams.clients, credentials, deadline),
    deadline,
  };
}
