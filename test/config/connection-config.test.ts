import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { httpServerOptions } from '../../src/server/connection-limits.js';
import { configProblems } from '../support/config-problems.js';

describe('limits per connection', () => {
  it('defaults to 10 s for headers, 30 s for the request, 5 s keep-alive, 100 operations per socket, 30 s for a stalled SSE reader', () => {
    expect(loadConfig({}).connections).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxSubscriptionsPerSocket: 100, sseStalledReaderMs: 30_000 });
  });

  it('reads every setting', () => {
    const config = loadConfig({
      HTTP_HEADERS_TIMEOUT_MS: '2000',
      HTTP_REQUEST_TIMEOUT_MS: '4000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
      MAX_SUBSCRIPTIONS_PER_SOCKET: '20',
      SSE_STALLED_READER_MS: '5000',
    });
    expect(config.connections).toEqual({ headersTimeoutMs: 2_000, requestTimeoutMs: 4_000, keepAliveTimeoutMs: 65_000, maxSubscriptionsPerSocket: 20, sseStalledReaderMs: 5_000 });
  });

  it('reports values out of range, and a headers timeout longer than the request timeout (node would refuse to start)', () => {
    expect(configProblems({ MAX_SUBSCRIPTIONS_PER_SOCKET: '0', SSE_STALLED_READER_MS: '10', HTTP_KEEP_ALIVE_TIMEOUT_MS: 'soon' })).toEqual([
      'HTTP_KEEP_ALIVE_TIMEOUT_MS must be a whole number from 100 to 600000 (got "soon")',
      'MAX_SUBSCRIPTIONS_PER_SOCKET must be a whole number from 1 to 10000 (got "0")',
      'SSE_STALLED_READER_MS must be a whole number from 100 to 600000 (got "10")',
    ]);
    expect(configProblems({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' })).toEqual([
      'HTTP_HEADERS_TIMEOUT_MS (20000) must not be longer than HTTP_REQUEST_TIMEOUT_MS (10000)',
    ]);
  });

  it("sweeps node's connections four times per headers timeout, and never less often than node's own 30 s", () => {
    expect(httpServerOptions(loadConfig({}).connections)).toEqual({ headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 2_500 });
    expect(httpServerOptions(loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '300000', HTTP_REQUEST_TIMEOUT_MS: '600000' }).connections).connectionsCheckingInterval).toBe(30_000);
  });
});
