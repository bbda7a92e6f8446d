import { DEFAULT_CONNECTION_LIMITS } from '../server/connection-limits.js';
import type { EnvReader } from './env-reader.js';
import type { GatewayConfig } from './gateway-config.js';

/** Limits per client connection (docs/security.md): request timeouts, keep-alive, graphql-ws operations, stalled SSE readers. */
export function readConnectionConfig(read: EnvReader): Pick<GatewayConfig, 'connections'> {
  const headersTimeoutMs = read.int('HTTP_HEADERS_TIMEOUT_MS', DEFAULT_CONNECTION_LIMITS.headersTimeoutMs, 100, 600_000);
  const requestTimeoutMs = read.int('HTTP_REQUEST_TIMEOUT_MS', DEFAULT_CONNECTION_LIMITS.requestTimeoutMs, 100, 3_600_000);
  // node refuses to start a server whose headers timeout is longer than its request timeout.
  if (headersTimeoutMs > requestTimeoutMs) read.problem(`HTTP_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not be longer than HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`);
  return {
    connections: {
      headersTimeoutMs,
      requestTimeoutMs,
      keepAliveTimeoutMs: read.int('HTTP_KEEP_ALIVE_TIMEOUT_MS', DEFAULT_CONNECTION_LIMITS.keepAliveTimeoutMs, 100, 600_000),
      maxSubscriptionsPerSocket: read.int('MAX_SUBSCRIPTIONS_PER_SOCKET', DEFAULT_CONNECTION_LIMITS.maxSubscriptionsPerSocket, 1, 10_000),
      sseStalledReaderMs: read.int('SSE_STALLED_READER_MS', DEFAULT_CONNECTION_LIMITS.sseStalledReaderMs, 100, 600_000),
    },
  };
}
