import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer } from 'node:http';
import { createYoga, type Plugin } from 'graphql-yoga';
import { Pool } from 'undici';
import type { GatewayConfig } from '../../src/config/gateway-config.js';
import { createContext, type GatewayContext } from '../../src/context.js';
import { createGraphQLServer, maskGatewayError } from '../../src/gateway.js';
import { createPollerHub, type PollerHub } from '../../src/live/poller-hub.js';
import { silentLogger } from '../../src/observability/logger.js';
import { closeServer, listen } from '../../src/sandbox/provider-server.js';
import { schema } from '../../src/schema.js';
import { DEFAULT_SECURITY } from '../../src/security/security-settings.js';
import { useRequestBodyLimit } from '../../src/server/use-request-body-limit.js';
import { createUpstreamPool } from '../../src/upstreams/http/upstream-pool.js';
import { PROVIDERS, type Provider } from '../../src/upstreams/provider.js';
import { createUpstreams, type UpstreamTarget } from '../../src/upstreams/upstreams.js';

/**
 * Fast-path experiments, each one change away from something measured next to it:
 * - `plain-yoga`: yoga with the gateway's schema, context and error masking and none of its
 *   plugins, i.e. the cost of GraphQL itself; the other `plain-yoga-*` variants change one thing
 *   from there: no parser and validation cache, no request body limit, or the limit enforced by
 *   useRequestBodyLimit instead of yoga's `maxRequestBodySize`, and the latter with every request
 *   run inside an AsyncLocalStorage scope, as request ids are;
 * - `pipelined-N`: createGraphQLServer over plain undici pools (no upstream guard, no telemetry) that
 *   pipeline N requests per socket; `pipelined-1` is the control the others compare with.
 */
export type GatewayVariant =
  | 'plain-yoga'
  | 'plain-yoga-no-cache'
  | 'plain-yoga-no-body-limit'
  | 'plain-yoga-body-limit-plugin'
  | 'plain-yoga-async-local-storage'
  | `pipelined-${number}`;

export interface RunningVariant {
  url: string;
  hub: PollerHub;
  close(): Promise<void>;
}

/** Every request in an AsyncLocalStorage scope of its own, the mechanism behind request ids in logs. */
function inRequestScope(): Plugin {
  const scopes = new AsyncLocalStorage<{ id: number }>();
  let next = 0;
  return { instrumentation: { request: (_payload, wrapped) => scopes.run({ id: next++ }, wrapped) } };
}

export async function startGatewayVariant(variant: GatewayVariant, config: GatewayConfig): Promise<RunningVariant> {
  const pipelining = /^pipelined-(\d+)$/.exec(variant)?.[1];
  const targets = Object.fromEntries(
    PROVIDERS.map((p): [Provider, UpstreamTarget] => [p, { baseUrl: config.providers[p].baseUrl!, apiKey: config.providers[p].apiKey! }]),
  ) as Record<Provider, UpstreamTarget>;
  const upstreams = createUpstreams(targets, config.http, {
    pool: (origin) =>
      pipelining === undefined
        ? createUpstreamPool(origin, config.http)
        : new Pool(origin, { connections: config.http.connections, pipelining: Number(pipelining), headersTimeout: config.http.headersTimeoutMs, bodyTimeout: config.http.bodyTimeoutMs, keepAliveTimeout: 4_000 }),
  });
  const hub = createPollerHub();
  const credentials = Object.fromEntries(PROVIDERS.map((p) => [p, upstreams.targets[p].apiKey])) as Record<Provider, string>;
  const limits = { maxIdsPerField: config.maxIdsPerField };
  const handler =
    pipelining !== undefined
      ? createGraphQLServer({ upstreams, hub, credentials, limits, logger: silentLogger(), graphiql: false })
      : createYoga<Record<string, never>, GatewayContext>({
          schema,
          graphqlEndpoint: '/graphql',
          landingPage: false,
          batching: false,
          graphiql: false,
          logging: false,
          context: () => createContext({ upstreams, hub, limits }, credentials),
          maskedErrors: { maskError: maskGatewayError },
          parserAndValidationCache: variant !== 'plain-yoga-no-cache',
          maxRequestBodySize: ['plain-yoga', 'plain-yoga-no-cache'].includes(variant) ? DEFAULT_SECURITY.maxRequestBodyBytes : false,
          plugins: [
            ...(variant === 'plain-yoga-body-limit-plugin' || variant === 'plain-yoga-async-local-storage' ? [useRequestBodyLimit({ maxBytes: DEFAULT_SECURITY.maxRequestBodyBytes })] : []),
            ...(variant === 'plain-yoga-async-local-storage' ? [inRequestScope()] : []),
          ],
        });
  const server = createServer(handler);
  const url = await listen(server, '127.0.0.1');
  return {
    url,
    hub,
    async close() {
      await hub.close();
      await closeServer(server);
      await upstreams.close();
    },
  };
}
