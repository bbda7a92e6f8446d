import { loadConfig } from '../../../src/config/load-config.js';
import { encodeSessionId } from '../../../src/schema/global-id.js';
import { startGateway, type RunningGateway } from '../../../src/start-gateway.js';
import { busiestSecond, FINISHED_PREFIX, MISSING_PREFIX, startCountingUpstream, type CountingUpstream } from '../../economy/counting-upstream.js';
import { subscribeSse, type SubscriptionStream } from '../../support/subscription-clients.js';
import { fmt, type Section } from '../report.js';
import type { BenchSettings } from '../settings.js';

const MAX_RPS = 20;
const FLOODED_SESSIONS = 1_000;
const READS = 100;
const FLOODER = 'bench-flooder-key-0123456789';
const READER = 'bench-reader-key-0123456789';
const WATCH = 'subscription ($ids: [ID!]!) { sessionsUpdated(ids: $ids) { id } }';
const READ = 'query ($id: ID!) { session(id: $id) { id state } }';
const kadoaId = (sessionId: string) => encodeSessionId({ provider: 'KADOA', sessionId });

function gatewayEnv(upstream: CountingUpstream, extra: Record<string, string>) {
  return loadConfig({ PORT: '0', KADOA_BASE_URL: upstream.baseUrl, KADOA_API_KEY: 'bench-operator-key', KADOA_MAX_RPS: String(MAX_RPS), GATEWAY_API_KEYS: `${FLOODER},${READER}`, ...extra });
}

async function read(gw: RunningGateway, sessionId: string): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${READER}` },
    body: JSON.stringify({ query: READ, variables: { id: kadoaId(sessionId) } }),
  });
  const answer = (await response.json()) as { data?: { session: unknown }; errors?: { extensions?: { code?: string } }[] };
  const ok = answer.errors === undefined || answer.errors.every((e) => e.extensions?.code === 'NOT_FOUND');
  return { ok, ms: performance.now() - started };
}

/** Opens a stream and reads it in the background; `firstEvent` waits for its first event (under the flood, a new poller's first poll waits its turn). */
async function watch(gw: RunningGateway, ids: string[], streams: SubscriptionStream<Record<string, unknown>>[], firstEvent = false): Promise<void> {
  const stream = await subscribeSse<Record<string, unknown>>(gw.url, WATCH, { ids: ids.map(kadoaId) }, { authorization: `Bearer ${FLOODER}` });
  streams.push(stream);
  if (firstEvent) await stream.next(30_000);
  void (async () => {
    while ((await stream.next(120_000).catch(() => null)) !== null);
  })();
}

/** Upstream calls for `sessionId` while it is read READS times, one request after another. */
async function callsPerReads(gw: RunningGateway, upstream: CountingUpstream, sessionId: string): Promise<number> {
  const before = upstream.count(`/${sessionId}/`);
  for (let i = 0; i < READS; i += 1) await read(gw, sessionId);
  return upstream.count(`/${sessionId}/`) - before;
}

/**
 * The upstream economy (docs/economy.md), in process against a Kadoa endpoint that answers any
 * id: one client watches 1,000 sessions at a 100 ms interval with KADOA_MAX_RPS=20 while another
 * reads at 5 queries/s; then what 100 reads of a terminal, a live and a 404 session cost upstream.
 */
export async function economyScenario(settings: BenchSettings): Promise<Section> {
  const floodMs = settings.mode === 'quick' ? 5_000 : 10_000;
  const upstream = await startCountingUpstream();
  const streams: SubscriptionStream<Record<string, unknown>>[] = [];
  const gateways: RunningGateway[] = [];
  try {
    const flooded = await startGateway(gatewayEnv(upstream, { POLL_INTERVAL_MS: '100', POLL_MAX_INTERVAL_MS: '100', MAX_WATCHED_SESSIONS_PER_CLIENT: String(FLOODED_SESSIONS) }), { sandboxTickMs: false });
    gateways.push(flooded);
    for (let batch = 0; batch < FLOODED_SESSIONS / 100; batch += 1) {
      await watch(flooded, Array.from({ length: 100 }, (_, i) => `live-flood-${batch * 100 + i}`), streams);
    }
    const from = Date.now();
    const reads: Promise<{ ok: boolean; ms: number }>[] = [];
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        reads.push(read(flooded, `live-reader-${reads.length}`));
        if (Date.now() - from >= floodMs) {
          clearInterval(timer);
          resolve();
        }
      }, 200);
    });
    const outcomes = await Promise.all(reads);
    const to = Date.now();
    const rps = upstream.arrivals.filter((at) => at >= from && at < to).length / ((to - from) / 1_000);
    const busiest = busiestSecond(upstream.arrivals, from, to);
    const served = outcomes.filter((o) => o.ok).length;
    const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const p99 = times[Math.ceil(times.length * 0.99) - 1] ?? 0;
    await Promise.all(streams.splice(0).map((stream) => stream.close()));

    // Reads at the default 2 s interval, so a live session's snapshot stays fresh across the 100 reads.
    const quiet = await startGateway(gatewayEnv(upstream, {}), { sandboxTickMs: false });
    gateways.push(quiet);
    const terminal = await callsPerReads(quiet, upstream, `${FINISHED_PREFIX}1`);
    const missing = await callsPerReads(quiet, upstream, `${MISSING_PREFIX}1`);
    await watch(quiet, ['live-watched-1'], streams, true);
    const live = await callsPerReads(quiet, upstream, 'live-watched-1');

    return {
      title: `Upstream economy: ${fmt.count(FLOODED_SESSIONS)} watched sessions at a 100 ms interval, KADOA_MAX_RPS=${MAX_RPS}, ${floodMs / 1000} s`,
      figures: [
        { name: 'provider requests/s under the flood', value: rps.toFixed(1), target: `<= ${MAX_RPS}, about`, ok: rps <= MAX_RPS * 1.1 },
        { name: 'busiest second at the provider', value: fmt.count(busiest), target: `<= ${MAX_RPS} (+2 at a window edge)`, ok: busiest <= MAX_RPS + 2 },
        { name: "other client's queries served", value: `${served}/${outcomes.length}`, target: 'all', ok: served === outcomes.length },
        { name: "other client's p99", value: fmt.ms(p99), target: 'within REQUEST_DEADLINE_MS (15 s)', ok: p99 < 15_000 },
        { name: `upstream calls per ${READS} reads, terminal session`, value: fmt.count(terminal), target: '1', ok: terminal === 1 },
        { name: `upstream calls per ${READS} reads, watched live session (polls included)`, value: fmt.count(live), target: 'the polls alone' },
        { name: `upstream calls per ${READS} reads, 404 session (within NOT_FOUND_TTL_MS)`, value: fmt.count(missing), target: '1', ok: missing === 1 },
      ],
      notes: [
        'In process: the gateway, the flooding and reading clients and the provider endpoint share one Node process (test/economy/counting-upstream.ts).',
        'Requests/s counts every request that arrived at the provider between the first and last read; the budget counts in epoch-aligned one-second windows.',
      ],
    };
  } finally {
    await Promise.all(streams.map((stream) => stream.close()));
    for (const gw of gateways) await gw.close();
    await upstream.close();
  }
}
