import type { ServerOptions } from 'node:http';

/** What one client connection may hold: time to send a request, operations per socket, a reader that stopped reading. */
export interface ConnectionLimits {
  /** Time a client has to send a request's headers; then 408 and the connection is closed. @default 10000 */
  headersTimeoutMs: number;
  /** Time a client has to send a whole request, body included; the response (an SSE stream) is not bound by it. @default 30000 */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept open between requests. @default 5000 */
  keepAliveTimeoutMs: number;
  /** Operations (subscriptions, and queries still running) one graphql-ws socket may hold at once. @default 100 */
  maxSubscriptionsPerSocket: number;
  /** How long an SSE response may stay unable to write (its reader stopped reading) before it is dropped. @default 30000 */
  sseStalledReaderMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: Readonly<ConnectionLimits> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxSubscriptionsPerSocket: 100,
  sseStalledReaderMs: 30_000,
});

/**
 * node's server options for these limits. Node enforces both request timeouts only when it sweeps
 * its connections (every 30 s by default), so the sweep runs four times per headers timeout: a
 * client is cut between the timeout and a quarter more, however short the timeout is set.
 */
export function httpServerOptions(limits: ConnectionLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(30_000, Math.ceil(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)),
  };
}
