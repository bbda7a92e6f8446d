import type { EconomySettings } from './economy-config.js';
import type { TracingSettings } from '../observability/tracing.js';
import type { SecuritySettings } from '../security/security-settings.js';
import type { ConnectionLimits } from '../server/connection-limits.js';
import type { UpstreamHttpOptions } from '../upstreams/http/upstream-pool.js';
import type { Provider } from '../upstreams/provider.js';
import type { UpstreamGuardOptions } from '../upstreams/http/upstream-line.js';

export interface ProviderConfig {
  /** Null when the provider is served by the sandbox. */
  baseUrl: string | null;
  apiKey: string | null;
  /** Base poll interval for subscriptions, ms. */
  pollIntervalMs: number;
}

/** Everything the gateway reads from its environment, typed, validated and frozen by loadConfig. */
export interface GatewayConfig {
  port: number;
  host: string;
  production: boolean;
  logLevel: string;
  /** Pretty logs: a TTY is attached and not in production. */
  prettyLogs: boolean;
  /** True when any provider is sandboxed (no base URL, or SANDBOX=1). */
  sandboxed: readonly Provider[];
  providers: Readonly<Record<Provider, ProviderConfig>>;
  http: UpstreamHttpOptions;
  pollMaxIntervalMs: number;
  maxIdsPerField: number;
  /** How long shutdown waits for in-flight requests before cutting them, ms. */
  shutdownTimeoutMs: number;
  /** Serve Prometheus metrics on /metrics. */
  metrics: boolean;
  /** HOT_PATH: serve queries and mutations yoga has parsed before without its HTTP layer (docs/performance.md). */
  hotPath: boolean;
  /** OpenTelemetry tracing settings; null when tracing is off. */
  tracing: TracingSettings | null;
  /** REDIS_URL: replicas sharing it poll each session once between them. Null: every instance polls on its own. */
  redisUrl: string | null;
  /** TRUSTED_DOCUMENTS: persisted-documents manifests; when any is given, only their operations run. */
  trustedDocuments: readonly string[];
  /** Client auth, query limits, production switches, request deadline (docs/security.md). */
  security: SecuritySettings;
  /** Retries, retry budget, circuit breaker and queue limit per provider (docs/security.md). */
  upstreamGuard: UpstreamGuardOptions;
  /** Request timeouts, keep-alive, graphql-ws operations per socket, stalled SSE readers (docs/security.md). */
  connections: ConnectionLimits;
  /** Rate budget per provider, watch cap, terminal and not-found caches (docs/economy.md). */
  economy: EconomySettings;
}
