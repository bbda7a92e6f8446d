import type { Pool } from 'undici';
import { createDeepsetClient } from './deepset/deepset-client.js';
import type { DeepsetUploadSession } from './deepset/deepset-session.js';
import { createUpstreamPool, type UpstreamHttpOptions } from './http/upstream-pool.js';
import type { UpstreamObserver } from './http/upstream-observer.js';
import { createKadoaClient } from './kadoa/kadoa-client.js';
import type { KadoaCrawlSession } from './kadoa/kadoa-session.js';
import { createParadigmClient } from './paradigm/paradigm-client.js';
import type { ParadigmUploadSession } from './paradigm/paradigm-session.js';
import { createPingClient } from './ping/ping-client.js';
import type { PingVpnSession } from './ping/ping-session.js';
import { PROVIDERS, type Provider } from './provider.js';
import type { ClientDeps, SessionClient } from './session-client.js';

export type AnySession = DeepsetUploadSession | ParadigmUploadSession | PingVpnSession | KadoaCrawlSession;

export type SessionOf<P extends Provider> = Extract<AnySession, { provider: P }>;

export interface UpstreamTarget {
  /** e.g. `https://api.pingnetwork.io/customer/v2`; a path prefix is kept. */
  baseUrl: string;
  /** The configured provider key; a request may bring its own instead. */
  apiKey: string;
}

export type SessionClients = { [P in Provider]: SessionClient<SessionOf<P>> };

export interface Upstreams {
  clients: SessionClients;
  targets: Readonly<Record<Provider, UpstreamTarget>>;
  close(): Promise<void>;
}

const FACTORIES: { [P in Provider]: (deps: ClientDeps) => SessionClient<SessionOf<P>> } = {
  DEEPSET: createDeepsetClient,
  PARADIGM: createParadigmClient,
  PING: createPingClient,
  KADOA: createKadoaClient,
};

/** Builds one pool and one typed client per provider. The caller owns the result and must close() it. */
export interface UpstreamsOptions {
  now?: () => Date;
  observer?: UpstreamObserver;
}

export function createUpstreams(targets: Record<Provider, UpstreamTarget>, http: UpstreamHttpOptions, options: UpstreamsOptions = {}): Upstreams {
  const pools: Pool[] = [];
  const build = <P extends Provider>(provider: P): SessionClient<SessionOf<P>> => {
    const url = new URL(targets[provider].baseUrl);
    const pool = createUpstreamPool(url.origin, http);
    pools.push(pool);
    return FACTORIES[provider]({ dispatcher: pool, basePath: url.pathname.replace(/\/+$/, ''), maxBodyBytes: http.maxBodyBytes, now: options.now, observer: options.observer });
  };
  const clients = Object.fromEntries(PROVIDERS.map((p) => [p, build(p)])) as SessionClients;
  return {
    clients,
    targets,
    async close() {
      await Promise.all(pools.map((pool) => pool.close()));
    },
  };
}
