import type { Pool } from 'undici';
import { createDeepsetLifecycle } from './deepset/deepset-lifecycle.js';
import { deepsetSpec } from './deepset/deepset-spec.js';
import { createSendUpstream, type SendUpstream } from './http/send-upstream.js';
import { createUpstreamLine, type Admission, type UpstreamGuardOptions } from './http/upstream-line.js';
import { createUpstreamPool, type UpstreamHttpOptions } from './http/upstream-pool.js';
import type { UpstreamObserver } from './http/upstream-observer.js';
import { createKadoaLifecycle } from './kadoa/kadoa-lifecycle.js';
import { kadoaSpec } from './kadoa/kadoa-spec.js';
import { createParadigmLifecycle } from './paradigm/paradigm-lifecycle.js';
import { paradigmSpec } from './paradigm/paradigm-spec.js';
import { createPingLifecycle } from './ping/ping-lifecycle.js';
import { pingSpec } from './ping/ping-spec.js';
import { PROVIDERS, type Provider } from './provider.js';
import { createSessionClient, type ProviderSpec, type SessionClient } from './session-client.js';

/**
 * Every provider the gateway fronts, each from its own folder (docs/adding-a-provider.md): its spec
 * (read and close) and its lifecycle calls (list, create, pause, resume). No other file lists them.
 */
const PROVIDER_PARTS = {
  DEEPSET: { spec: deepsetSpec, lifecycle: createDeepsetLifecycle },
  PARADIGM: { spec: paradigmSpec, lifecycle: createParadigmLifecycle },
  PING: { spec: pingSpec, lifecycle: createPingLifecycle },
  KADOA: { spec: kadoaSpec, lifecycle: createKadoaLifecycle },
} as const satisfies { [P in Provider]: { spec: { provider: P }; lifecycle: (send: SendUpstream, now: () => Date) => unknown } };

export type SessionOf<P extends Provider> = ReturnType<(typeof PROVIDER_PARTS)[P]['spec']['decode']>;

export type AnySession = SessionOf<Provider>;

export interface UpstreamTarget {
  /** e.g. `https://api.pingnetwork.io/customer/v2`; a path prefix is kept. */
  baseUrl: string;
  /** The configured provider key; a request may bring its own instead. */
  apiKey: string;
}

export type SessionClients = { [P in Provider]: SessionClient<SessionOf<P>> };

export type LifecycleClients = { [P in Provider]: ReturnType<(typeof PROVIDER_PARTS)[P]['lifecycle']> };

export interface Upstreams {
  clients: SessionClients;
  lifecycle: LifecycleClients;
  targets: Readonly<Record<Provider, UpstreamTarget>>;
  close(): Promise<void>;
}

export interface UpstreamsOptions {
  /** Breaker, retries and concurrency per provider. @default none: calls go straight through (tests that price or plant a client) */
  guard?: UpstreamGuardOptions;
  /** Told about every call, retry and breaker transition; never about credentials. */
  observer?: UpstreamObserver;
  /** The line's first slot (see Admission). @default admits every call */
  admit?: Admission;
  /** Told of each provider 429, so a rate budget can shrink. @default nothing */
  throttled?: (provider: Provider, retryAfterMs: number | undefined) => void;
  /** @default one keep-alive pool per origin, from `http` */
  pool?: (origin: string) => Pool;
  now?: () => Date;
}

/**
 * Builds, per provider, one pool, one line (admission, breaker, retries, concurrency, deadline)
 * and one typed client behind it. The caller owns the result and must close() it.
 */
export function createUpstreams(
  targets: Record<Provider, UpstreamTarget>,
  http: UpstreamHttpOptions,
  options: UpstreamsOptions = {},
): Upstreams {
  const pools: Pool[] = [];
  const lifecycle: Partial<Record<Provider, unknown>> = {};
  const build = <P extends Provider>(provider: P): SessionClient<SessionOf<P>> => {
    const url = new URL(targets[provider].baseUrl);
    const pool = options.pool ? options.pool(url.origin) : createUpstreamPool(url.origin, http);
    pools.push(pool);
    const line = createUpstreamLine(provider, options.guard, { observer: options.observer, admit: options.admit, throttled: options.throttled });
    const send = createSendUpstream(provider, { dispatcher: pool, basePath: url.pathname.replace(/\/+$/, ''), maxBodyBytes: http.maxBodyBytes, line, observer: options.observer });
    const now = options.now ?? (() => new Date());
    lifecycle[provider] = PROVIDER_PARTS[provider].lifecycle(send, now);
    return createSessionClient(PROVIDER_PARTS[provider].spec as unknown as ProviderSpec<SessionOf<P>>, send, now);
  };
  const clients = Object.fromEntries(PROVIDERS.map((p) => [p, build(p)])) as SessionClients;
  return {
    clients,
    lifecycle: lifecycle as LifecycleClients,
    targets,
    async close() {
      await Promise.all(pools.map((pool) => pool.close()));
    },
  };
}
