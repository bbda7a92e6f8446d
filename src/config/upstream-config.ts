import { DEFAULT_UPSTREAM_HTTP } from '../upstreams/http/upstream-pool.js';
import type { EnvReader } from './env-reader.js';
import type { GatewayConfig } from './gateway-config.js';

/** The upstream line (docs/security.md): pool timeouts and sizes, retries, retry budget, breaker and queue. */
export function readUpstreamConfig(read: EnvReader): Pick<GatewayConfig, 'http' | 'upstreamGuard'> {
  const connections = read.int('UPSTREAM_CONNECTIONS', DEFAULT_UPSTREAM_HTTP.connections, 1, 1024);
  return {
    http: {
      connectTimeoutMs: read.int('UPSTREAM_CONNECT_TIMEOUT_MS', DEFAULT_UPSTREAM_HTTP.connectTimeoutMs, 1, 600_000),
      headersTimeoutMs: read.int('UPSTREAM_HEADERS_TIMEOUT_MS', DEFAULT_UPSTREAM_HTTP.headersTimeoutMs, 1, 600_000),
      bodyTimeoutMs: read.int('UPSTREAM_BODY_TIMEOUT_MS', DEFAULT_UPSTREAM_HTTP.bodyTimeoutMs, 1, 600_000),
      maxBodyBytes: read.int('UPSTREAM_MAX_BODY_BYTES', DEFAULT_UPSTREAM_HTTP.maxBodyBytes, 1024, 64 * 1024 * 1024),
      connections,
    },
    upstreamGuard: {
      retry: {
        maxRetries: read.int('UPSTREAM_RETRIES', 2, 0, 10),
        baseDelayMs: read.int('UPSTREAM_RETRY_BASE_MS', 100, 1, 60_000),
        maxDelayMs: read.int('UPSTREAM_RETRY_MAX_DELAY_MS', 2_000, 1, 600_000),
      },
      retryBudget: {
        burst: read.int('UPSTREAM_RETRY_BUDGET_BURST', 10, 0, 100_000),
        perSecond: read.int('UPSTREAM_RETRY_BUDGET_PER_SECOND', 2, 0, 100_000),
      },
      breaker: {
        failureRatePercent: read.int('BREAKER_FAILURE_RATE', 50, 1, 100),
        minimumCalls: read.int('BREAKER_MIN_CALLS', 20, 1, 100_000),
        windowMs: read.int('BREAKER_WINDOW_MS', 10_000, 100, 3_600_000),
        openMs: read.int('BREAKER_OPEN_MS', 5_000, 10, 3_600_000),
      },
      // As many calls at once as the pool has sockets: more would only wait inside the pool, past the queue limit.
      // The queue holds three full 100-id queries and more: the rate budget, not this queue, is what holds a flood back.
      concurrency: { maxConcurrent: connections, maxQueued: read.int('UPSTREAM_MAX_QUEUED', 1024, 0, 100_000) },
    },
  };
}
