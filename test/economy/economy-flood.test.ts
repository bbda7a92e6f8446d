import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { encodeSessionId } from '../../src/schema/global-id.js';
import { startGateway, type RunningGateway } from '../../src/start-gateway.js';
import { subscribeSse, type SubscriptionStream } from '../support/subscription-clients.js';
import { busiestSecond, startCountingUpstream, type CountingUpstream } from './counting-upstream.js';

const FLOODER = 'flooder-key-0123456789abcdef';
const READER = 'reader-key-0123456789abcdef';
const MAX_RPS = 20;
const FLOOD_MS = 10_000;
/** The other client's reads, one every 200 ms: about FLOOD_MS of flood. */
const READS = FLOOD_MS / 200;
const kadoaId = (sessionId: string) => encodeSessionId({ provider: 'KADOA', sessionId });
const WATCH = 'subscription ($ids: [ID!]!) { sessionsUpdated(ids: $ids) { id session { state } } }';
const READ = 'query ($id: ID!) { session(id: $id) { id state } }';

let upstream: CountingUpstream;
let gw: RunningGateway;
const streams: SubscriptionStream[] = [];

beforeAll(async () => {
  upstream = await startCountingUpstream();
  gw = await startGateway(
    loadConfig({
      PORT: '0',
      KADOA_BASE_URL: upstream.baseUrl,
      KADOA_API_KEY: 'operator-kadoa-key',
      KADOA_MAX_RPS: String(MAX_RPS),
      POLL_INTERVAL_MS: '100',
      POLL_MAX_INTERVAL_MS: '100',
      MAX_WATCHED_SESSIONS_PER_CLIENT: '1000',
      GATEWAY_API_KEYS: `${FLOODER},${READER}`,
    }),
    { sandboxTickMs: false },
  );
});
afterAll(async () => {
  await Promise.all(streams.map((stream) => stream.close()));
  await gw?.close();
  await upstream?.close();
});

async function read(id: string): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${READER}` },
    body: JSON.stringify({ query: READ, variables: { id: kadoaId(id) } }),
  });
  const body = (await response.json()) as { data?: { session: { state: string } | null }; errors?: unknown[] };
  return { ok: body.errors === undefined && body.data?.session?.state === 'PROCESSING', ms: performance.now() - started };
}

describe('one client flooding a provider with 1,000 watched sessions', () => {
  it(`holds the provider to ${MAX_RPS} requests/s, stretches the polls, and serves another client's queries`, { timeout: 30_000 }, async () => {
    for (let batch = 0; batch < 10; batch += 1) {
      const ids = Array.from({ length: 100 }, (_, i) => kadoaId(`flood-${batch * 100 + i}`));
      const stream = await subscribeSse<Record<string, unknown>>(gw.url, WATCH, { ids }, { authorization: `Bearer ${FLOODER}` });
      streams.push(stream);
      // Read it as a client would, so nothing backs up on the socket.
      void (async () => {
        while ((await stream.next(60_000).catch(() => null)) !== null);
      })();
    }
    const from = Date.now();
    const reads: Promise<{ ok: boolean; ms: number }>[] = [];
    // The reader asks at its own steady pace, 5 distinct sessions a second, while the flood runs.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        reads.push(read(`reader-${reads.length}`));
        // Counted, not timed: a loaded machine fires the timer late, and every read must still be served.
        if (reads.length >= READS) {
          clearInterval(timer);
          resolve();
        }
      }, 200);
    });
    const outcomes = await Promise.all(reads);
    const to = Date.now();

    const seen = upstream.arrivals.filter((at) => at >= from && at < to).length;
    const seconds = (to - from) / 1_000;
    // The limit, plus at most one window's worth at the edges of the measured span.
    expect(seen).toBeLessThanOrEqual(MAX_RPS * Math.ceil(seconds) + MAX_RPS);
    // A call counted in one second may arrive a moment into the next.
    expect(busiestSecond(upstream.arrivals, from, to)).toBeLessThanOrEqual(MAX_RPS + 2);
    // And the limit was binding, not met by idling: the flood asked for more and its polls were
    // stretched. (A floor on the rate seen would be a wall-clock assertion a loaded machine misses.)
    expect(gw.hub.stats().activePollers).toBe(1_000);
    expect(gw.budgets.KADOA.stats().stretched).toBeGreaterThan(0);

    expect(outcomes).toHaveLength(READS);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    const p99 = outcomes.map((o) => o.ms).sort((a, b) => a - b)[Math.ceil(outcomes.length * 0.99) - 1]!;
    console.log(`economy flood: ${(seen / seconds).toFixed(1)} requests/s to Kadoa (limit ${MAX_RPS}), busiest second ${busiestSecond(upstream.arrivals, from, to)}; other client ${outcomes.length}/${outcomes.length} served, p99 ${p99.toFixed(0)} ms`);
  });
});
