import { Pool } from 'undici';

export interface UpstreamHttpOptions {
  /** Time to open a TCP (and TLS) connection. @default 5000 */
  connectTimeoutMs: number;
  /** Time from sending the request to receiving the response headers. @default 10000 */
  headersTimeoutMs: number;
  /** Longest silence while receiving the body. @default 10000 */
  bodyTimeoutMs: number;
  /** Bytes of a success body we are willing to buffer and parse; more is a bad response. @default 1048576 */
  maxBodyBytes: number;
  /** Sockets per provider origin. Requests beyond it queue in the pool, which bounds fan-out per provider. @default 32 */
  connections: number;
}

export const DEFAULT_UPSTREAM_HTTP: Readonly<UpstreamHttpOptions> = Object.freeze({
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  maxBodyBytes: 1024 * 1024,
  connections: 32,
});

/** One keep-alive pool per provider origin, injected into the clients rather than global. */
export function createUpstreamPool(origin: string, options: UpstreamHttpOptions): Pool {
  return new Pool(origin, {
    connections: options.connections,
    connect: { timeout: options.connectTimeoutMs },
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    keepAliveTimeout: 4_000,
  });
}
