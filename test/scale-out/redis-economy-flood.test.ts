import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { encodeSessionId } from '../../src/schema/global-id.js';
import { startGateway, type RunningGateway } from '../../src/start-gateway.js';
import { credentialScope } from '../../src/upstreams/credential.js';
import { busiestSecond, startCountingUpstream, type CountingUpstream } from '../economy/counting-upstream.js';
import { subscribeSse, type SubscriptionStream } from '../support/subscription-clients.js';
import { deleteKeys, REDIS_URL, redisIsAvailable } from './redis-test-env.js';

const available = await redisIsAvailable('scale-out: a flood over three replicas');
const MAX_RPS = 20;
const MEASURE_MS = 6_000;
const WATCH = 'subscription ($ids: [ID!]!) { sessionsUpdated(ids: $ids) { id } }';

describe.skipIf(!available)('three replicas on one Redis, each flooded with 300 watched sessions', () => {
  // A key of its own: the budget's Redis window is per provider and operator key, so no other run shares it.
  const apiKey = `economy-${randomUUID()}`;
  let upstream: CountingUpstream;
  const replicas: RunningGateway[] = [];
  const streams: SubscriptionStream<Record<string, unknown>>[] = [];

  beforeAll(async () => {
    upstream = await startCountingUpstream();
    for (let i = 0; i < 3; i += 1) {
      replicas.push(
        await startGateway(
          loadConfig({
            PORT: '0',
            REDIS_URL,
            KADOA_BASE_URL: upstream.baseUrl,
            KADOA_API_KEY: apiKey,
            KADOA_MAX_RPS: String(MAX_RPS),
            POLL_INTERVAL_MS: '100',
            POLL_MAX_INTERVAL_MS: '100',
            MAX_WATCHED_SESSIONS_PER_CLIENT: '1000',
          }),
          { sandboxTickMs: false },
        ),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(streams.map((stream) => stream.close()));
    await Promise.all(replicas.map((replica) => replica.close()));
    await upstream?.close();
    await deleteKeys(REDIS_URL, `sessiongraph:*${credentialScope(apiKey)}*`);
  });

  it(`keeps the sum over the replicas within ${MAX_RPS} requests/s`, { timeout: 30_000 }, async () => {
    for (const [r, replica] of replicas.entries()) {
      for (let batch = 0; batch < 3; batch += 1) {
        const ids = Array.from({ length: 100 }, (_, i) => encodeSessionId({ provider: 'KADOA', sessionId: `r${r}-${batch * 100 + i}` }));
        const stream = await subscribeSse<Record<string, unknown>>(replica.url, WATCH, { ids });
        streams.push(stream);
        void (async () => {
          while ((await stream.next(60_000).catch(() => null)) !== null);
        })();
      }
    }
    const from = Date.now();
    // A measurement over a span of time, not a wait for an event.
    await new Promise((resolve) => setTimeout(resolve, MEASURE_MS));
    const to = Date.now();
    const seen = upstream.arrivals.filter((at) => at >= from && at < to).length;
    const seconds = (to - from) / 1_000;
    const busiest = busiestSecond(upstream.arrivals, from, to);
    console.log(`[scale-out] 3 replicas, 900 watched sessions: ${(seen / seconds).toFixed(1)} requests/s to Kadoa in sum (limit ${MAX_RPS}), busiest second ${busiest}`);
    expect(seen).toBeLessThanOrEqual(MAX_RPS * Math.ceil(seconds) + MAX_RPS);
    expect(busiest).toBeLessThanOrEqual(MAX_RPS + 2);
    // The limit was binding, not met by idling: the pollers asked for more and were stretched. (A
    // floor on the rate seen would be a wall-clock assertion: a loaded CI machine polls less.)
    expect(replicas.reduce((sum, replica) => sum + replica.budgets.KADOA.stats().stretched, 0)).toBeGreaterThan(0);
    // Every replica polled its own sessions: the limit held because they shared it, not because one stood idle.
    for (const [r] of replicas.entries()) expect(upstream.count(`/r${r}-`)).toBeGreaterThan(0);
  });
});
