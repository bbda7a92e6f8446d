import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { GatewayConfig } from './config/gateway-config.js';
import { DASHBOARD_DOCUMENTS } from './dashboard/dashboard-paths.js';
import { loadPersistedDocuments } from './documents/persisted-documents.js';
import { createGatewayListener, type GatewayListener, type GraphQLServer } from './gateway.js';
import { createPollerHub, type PollerHub } from './live/poller-hub.js';
import { createRedisClients } from './live/redis-clients.js';
import { createRedisTransport, type RedisTransport } from './live/redis-transport.js';
import { startSandbox, type Sandbox } from './sandbox/sandbox.js';
import { schema } from './schema.js';
import { attachGraphqlWs, type GraphQLWebSockets } from './server/graphql-ws.js';
import { silentLogger, type Logger } from './observability/logger.js';
import { createTelemetry, type Telemetry } from './observability/telemetry.js';
import { httpServerOptions } from './server/connection-limits.js';
import { trackHttpRequests } from './server/http-drain.js';
import { dropStalledReaders } from './server/stalled-readers.js';
import { budgetAdmission } from './upstreams/budget/budget-admission.js';
import { createRateBudget, type RateBudget } from './upstreams/budget/rate-budget.js';
import { createRedisSlotCounters } from './upstreams/budget/redis-slot-counter.js';
import { createSessionCaches, type SessionCaches } from './upstreams/cache/session-caches.js';
import { credentialScope } from './upstreams/credential.js';
import { PROVIDERS, type Provider } from './upstreams/provider.js';
import { createUpstreams, type UpstreamTarget, type Upstreams } from './upstreams/upstreams.js';
import { exposureWarning } from './security/exposure-warning.js';

export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000 */
  url: string;
  graphqlServer: GraphQLServer;
  /** Whether the hot path serves plain queries in front of yoga (same envelop plugins), and if not, why not. */
  hotPath: GatewayListener['hotPath'];
  server: Server;
  webSockets: GraphQLWebSockets;
  hub: PollerHub;
  /** Present when REDIS_URL is set: its mode() and leaderKeys() say whether this replica is clustered and what it polls. */
  redis: RedisTransport | null;
  upstreams: Upstreams;
  /** Each provider's rate budget (docs/economy.md), shared in Redis when REDIS_URL is set. */
  budgets: Readonly<Record<Provider, RateBudget>>;
  /** Terminal sessions and recent 404s that reads answer from. */
  caches: SessionCaches;
  /** Present when at least one provider is sandboxed. */
  sandbox: Sandbox | null;
  /** Metrics registry, tracing and readiness of this gateway. */
  telemetry: Telemetry;
  /**
   * Graceful shutdown: /ready turns 503, the listener stops accepting, subscriptions complete and
   * pollers stop, in-flight requests get `config.shutdownTimeoutMs` to finish, then pools, Redis
   * and the sandbox close. Idempotent.
   */
  close(): Promise<void>;
}

export interface StartOptions {
  /** @default a silent logger */
  logger?: Logger;
  /**
   * Sandbox demo sessions advance on their own every N ms; tests pass false and call tick().
   * @default 2000
   */
  sandboxTickMs?: number | false;
}

/**
 * Wires config into running parts: the sandbox for every provider without a base URL, one pool
 * per provider, the poller hub, and the HTTP listener. main.ts and the end-to-end tests share it.
 */
export async function startGateway(config: GatewayConfig, options: StartOptions = {}): Promise<RunningGateway> {
  const tickMs = options.sandboxTickMs ?? 2_000;
  const logger = options.logger ?? silentLogger();
  // Read before anything starts, so a bad manifest stops the gateway with nothing to clean up.
  const persistedDocuments = await loadPersistedDocuments([DASHBOARD_DOCUMENTS, ...config.trustedDocuments], schema);
  const sandbox = config.sandboxed.length > 0 ? await startSandbox({ autoTickMs: tickMs, loopAfterTicks: tickMs === false ? false : 15 }) : null;
  const targets = Object.fromEntries(
    PROVIDERS.map((provider): [Provider, UpstreamTarget] => {
      const configured = config.providers[provider];
      if (configured.baseUrl && configured.apiKey) return [provider, { baseUrl: configured.baseUrl, apiKey: configured.apiKey }];
      if (!sandbox) throw new Error(`${provider} has neither a base URL nor a sandbox`);
      return [provider, { baseUrl: sandbox.urls[provider], apiKey: sandbox.keys[provider] }];
    }),
  ) as Record<Provider, UpstreamTarget>;

  const telemetry = createTelemetry(config, logger);
  const exposed = exposureWarning(config.sandboxed, config.security);
  if (exposed) logger.warn(exposed);
  const instanceId = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  // The transport and the budget's counters share one command connection; this function owns both connections.
  const redisClients = config.redisUrl ? createRedisClients(config.redisUrl) : null;
  const slots = redisClients ? createRedisSlotCounters({ redis: redisClients.command, prefix: 'sessiongraph', instanceId }) : null;
  const budgets = Object.fromEntries(
    PROVIDERS.map((provider) => {
      const maxRps = config.economy.maxRps[provider];
      // As many queries as the budget could serve one client within the request deadline; the deadline refuses the rest anyway.
      const maxWaitingPerClient = Math.max(64, Math.ceil((maxRps * config.security.requestDeadlineMs) / 1_000));
      // The quota is the account's: replicas share a window per provider and operator key, and another deployment on the same Redis doesn't.
      const counter = slots?.counter(`${provider}:${credentialScope(targets[provider].apiKey)}`);
      return [provider, createRateBudget({ provider, maxRps, counter, maxWaitingPerClient })];
    }),
  ) as Record<Provider, RateBudget>;
  const caches = createSessionCaches({ notFoundTtlMs: config.economy.notFoundTtlMs, terminalTtlMs: config.economy.terminalTtlMs });
  // Demo sessions loop; without this a finished one would read as finished for TERMINAL_CACHE_TTL_MS after it restarted.
  sandbox?.onRestart((provider, sessionId) => {
    if (config.sandboxed.includes(provider)) caches.forget(provider, sessionId);
  });
  const { admit, throttled } = budgetAdmission(budgets);
  const upstreams = createUpstreams(targets, config.http, { guard: config.upstreamGuard, observer: telemetry.upstreamObserver, admit, throttled });
  // A lease no longer than the shortest poll interval: a crashed replica's sessions are polled again within two intervals.
  const redis = redisClients
    ? createRedisTransport({
        clients: redisClients,
        instanceId,
        leaseMs: Math.min(...PROVIDERS.map((p) => config.providers[p].pollIntervalMs)),
        logger,
      })
    : null;
  // Unreachable Redis does not stop startup: the transport polls locally (and says so) until it connects.
  if (redis) await redis.whenMode('cluster', 2_000);
  const hub = createPollerHub({
    intervals: Object.fromEntries(PROVIDERS.map((p) => [p, { baseMs: config.providers[p].pollIntervalMs, maxMs: Math.max(config.pollMaxIntervalMs, config.providers[p].pollIntervalMs) }])),
    transport: redis ?? undefined,
    pollBudgets: budgets,
    maxWatchedSessionsPerClient: config.economy.maxWatchedSessionsPerClient,
  });
  telemetry.metrics?.watchHub(() => hub.stats(), redis ?? undefined);
  telemetry.metrics?.watchEconomy({ budgets: Object.values(budgets), admission: () => hub.admissionStats(), caches: () => caches.stats() });
  const credentials = Object.fromEntries(PROVIDERS.map((p) => [p, targets[p].apiKey])) as Record<Provider, string>;
  const { graphqlServer, listener, hotPath } = createGatewayListener({
    upstreams,
    hub,
    credentials,
    caches,
    limits: { maxIdsPerField: config.maxIdsPerField },
    logger,
    metrics: telemetry.metrics?.registry,
    readiness: telemetry.readiness,
    tracer: telemetry.tracing?.tracer,
    persistedDocuments,
    trustedDocumentsOnly: config.trustedDocuments.length > 0,
    // GraphiQL sends whatever is typed into it, which trusted-documents mode refuses.
    graphiql: config.security.graphiql && config.trustedDocuments.length === 0,
    security: config.security,
    hotPath: config.hotPath,
  });

  const server = createServer(httpServerOptions(config.connections), listener);
  const requests = trackHttpRequests(server);
  const stalledReaders = dropStalledReaders(server, config.connections.sseStalledReaderMs);
  // once() rejects if the listen fails ('error' before 'listening').
  server.listen(config.port, config.host);
  await once(server, 'listening');
  const webSockets = attachGraphqlWs(server, graphqlServer, { maxMessageBytes: config.security.maxRequestBodyBytes, maxSubscriptionsPerSocket: config.connections.maxSubscriptionsPerSocket });
  telemetry.metrics?.watchConnections({ webSockets: () => webSockets.refusals(), stalledReaders: () => stalledReaders.dropped() });
  telemetry.readiness.markReady();
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    graphqlServer,
    hotPath,
    server,
    webSockets,
    hub,
    redis,
    upstreams,
    budgets,
    caches,
    sandbox,
    telemetry,
    close() {
      closing ??= (async () => {
        telemetry.readiness.markDraining();
        // The listener closes at once; in-flight requests keep their connections until they finish.
        const drained = requests.drain(config.shutdownTimeoutMs);
        // Pollers next: that completes every open subscription, so clients see a clean end.
        await hub.close();
        for (const budget of Object.values(budgets)) budget.close();
        slots?.close();
        await redis?.close();
        redisClients?.command.disconnect();
        redisClients?.subscriber.disconnect();
        // graphql-ws sends each `complete` a few promise hops after the hub ends its stream: close sockets after those.
        const socketsClosed = new Promise(setImmediate).then(() => webSockets.close());
        const { cut } = await drained;
        if (cut > 0) logger.warn({ cut, shutdownTimeoutMs: config.shutdownTimeoutMs }, 'shutdown timeout: cut connections still in flight');
        await socketsClosed;
        await upstreams.close();
        await sandbox?.close();
        await telemetry.close();
      })();
      return closing;
    },
  };
}
