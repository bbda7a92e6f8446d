import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisNames } from '../../src/live/redis-transport.js';
import { sessionPollKey } from '../../src/live/session-poll-target.js';
import { SANDBOX_KEYS, startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { encodeSessionId } from '../../src/schema/global-id.js';
import { credentialScope } from '../../src/upstreams/credential.js';
import { PROVIDERS } from '../../src/upstreams/provider.js';
import { subscribeSse, type SubscriptionStream } from '../support/subscription-clients.js';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.js';
import { deleteKeys, REDIS_URL, redisIsAvailable } from './redis-test-env.js';
import { until } from './shared-upstream.js';

const available = await redisIsAvailable('scale-out: three gateway processes');

const INTERVAL_MS = 200;
const SESSION = { provider: 'KADOA', sessionId: 'crawl-demo-1' } as const;
const QUERY = 'subscription($id: ID!){ sessionUpdated(id: $id){ id state ... on KadoaCrawlSession { crawledPages } } }';
/** crawl-demo-1 crawls one page per tick and finishes at 8. */
const LAST_PAGE = 8;

type Watcher = ReturnType<typeof watch>;

/** Reads an SSE subscription in the background, recording crawledPages per event. */
function watch(stream: SubscriptionStream<any>) {
  const pages: (number | string)[] = [];
  const wakers = new Set<() => void>();
  const watcher = {
    pages,
    completed: false,
    until: (check: (pages: readonly (number | string)[]) => boolean, timeoutMs: number, what: string) =>
      until(() => check(pages), (wake) => (wakers.add(wake), () => void wakers.delete(wake)), timeoutMs, what),
  };
  void (async () => {
    for (;;) {
      const event = await stream.next(120_000).catch(() => null);
      if (event === null) break;
      pages.push(event.errors ? `error: ${event.errors[0]!.message}` : event.data.sessionUpdated.crawledPages);
      for (const wake of [...wakers]) wake();
    }
    watcher.completed = true;
    for (const wake of [...wakers]) wake();
  })();
  return watcher;
}

describe.skipIf(!available)('three gateway processes sharing one Redis and one upstream', () => {
  let sandbox: Sandbox;
  let scope = 'unset';
  const processes: GatewayProcess[] = [];
  const streams: SubscriptionStream[] = [];
  const polls: number[] = [];
  const pollWakers = new Set<() => void>();
  const onPoll = (wake: () => void) => (pollWakers.add(wake), () => void pollWakers.delete(wake));

  beforeAll(async () => {
    // Keys unique to this run give it its own poll keys, hence its own Redis keys and channels.
    const run = randomUUID().slice(0, 8);
    sandbox = await startSandbox({ keys: Object.fromEntries(PROVIDERS.map((p) => [p, `${SANDBOX_KEYS[p]}-${run}`])) });
    scope = credentialScope(sandbox.keys.KADOA);
    sandbox.onRequest((request) => {
      if (request.provider !== 'KADOA' || request.method !== 'GET' || !request.path.includes(SESSION.sessionId)) return;
      polls.push(request.at);
      for (const wake of [...pollWakers]) wake();
    });
  });
  afterAll(async () => {
    await Promise.all(streams.map((stream) => stream.close()));
    await Promise.all(processes.map((gateway) => gateway.stop()));
    await sandbox?.close();
    await deleteKeys(REDIS_URL, `sessiongraph:*${scope}*`);
  });

  async function startReplica(): Promise<GatewayProcess> {
    const gateway = await startGatewayProcess({
      REDIS_URL,
      POLL_INTERVAL_MS: String(INTERVAL_MS),
      POLL_MAX_INTERVAL_MS: String(INTERVAL_MS),
      ...Object.fromEntries(PROVIDERS.flatMap((p) => [[`${p}_BASE_URL`, sandbox.urls[p]], [`${p}_API_KEY`, sandbox.keys[p]]])),
    });
    processes.push(gateway);
    return gateway;
  }

  async function subscribe(gateway: GatewayProcess): Promise<Watcher> {
    const stream = await subscribeSse<any>(gateway.url, QUERY, { id: encodeSessionId(SESSION) });
    streams.push(stream);
    return watch(stream);
  }

  /** Upstream GETs for the session per poll interval, over a window of `intervals` (a measurement, not a wait for something). */
  async function pollRate(intervals: number): Promise<number> {
    const from = polls.length;
    const startedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, intervals * INTERVAL_MS));
    return (polls.length - from) / ((Date.now() - startedAt) / INTERVAL_MS);
  }

  async function leaderPid(): Promise<number | null> {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 0 });
    try {
      const holder = await redis.get(redisNames('sessiongraph', sessionPollKey(SESSION, sandbox.keys.KADOA)).lease);
      return holder === null ? null : Number(holder.split('/')[1]);
    } finally {
      redis.disconnect();
    }
  }

  async function tickAndExpect(watchers: readonly Watcher[], page: number): Promise<void> {
    sandbox.tick();
    await Promise.all(watchers.map((w) => w.until((p) => p.includes(page), 5_000, `crawledPages ${page}`)));
  }

  it('polls once per interval with one replica or three, and a SIGKILLed leader is replaced with no gap or duplicate', async () => {
    const first = await startReplica();
    const watchers = [await subscribe(first)];
    await watchers[0]!.until((p) => p.length > 0, 10_000, 'the first event on replica 1');
    const oneReplica = await pollRate(10);

    const others = await Promise.all([startReplica(), startReplica()]);
    // `processes` is in the order the replicas came up, which for these two can be either; `fleet` is in watchers' order.
    const fleet = [first, ...others];
    watchers.push(...(await Promise.all(others.map(subscribe))));
    await Promise.all(watchers.map((w) => w.until((p) => p.length > 0, 10_000, 'the first event')));
    const threeReplicas = await pollRate(10);
    console.log(`[scale-out] upstream GETs per ${INTERVAL_MS} ms poll interval for one session: ${oneReplica.toFixed(2)} with 1 replica, ${threeReplicas.toFixed(2)} with 3 replicas`);
    // Three replicas polling each would make it ~3; the lower bound only rules out a stall on a loaded machine.
    expect(oneReplica).toBeGreaterThan(0.5);
    expect(oneReplica).toBeLessThan(1.3);
    expect(threeReplicas).toBeGreaterThan(0.5);
    expect(threeReplicas).toBeLessThan(1.3);

    await tickAndExpect(watchers, 1);
    await tickAndExpect(watchers, 2);

    const pid = await leaderPid();
    const leader = processes.find((gateway) => gateway.pid === pid);
    expect(leader, `the lease holder ${pid} is one of ${processes.map((g) => g.pid).join(', ')}`).toBeDefined();
    const survivors = watchers.filter((_, i) => fleet[i] !== leader);
    // Kill right after one of its polls, so no request of the dead leader is still in flight.
    const seen = polls.length;
    await until(() => polls.length > seen, onPoll, 5 * INTERVAL_MS, 'a poll by the leader');
    const killed = leader!.kill();
    const killedAt = Date.now();
    // A change while nobody leads must still reach every survivor, once.
    sandbox.tick();
    await until(() => polls.some((at) => at > killedAt), onPoll, 10 * INTERVAL_MS, 'a poll by the new leader');
    const failoverMs = polls.find((at) => at > killedAt)! - killedAt;
    await killed;
    await Promise.all(survivors.map((w) => w.until((p) => p.includes(3), 5_000, 'crawledPages 3 after the failover')));
    const twoReplicas = await pollRate(5);
    const newLeader = await leaderPid();
    console.log(`[scale-out] SIGKILL of the leader to the first poll by the new leader: ${failoverMs} ms (poll interval ${INTERVAL_MS} ms); then ${twoReplicas.toFixed(2)} GETs per interval with 2 replicas`);
    // A lease (one interval) plus a jittered re-bid and poll: two intervals on a quiet machine, a third allowed for a loaded one.
    expect(failoverMs).toBeLessThanOrEqual(3 * INTERVAL_MS);
    expect(twoReplicas).toBeLessThan(1.3);
    expect(newLeader).not.toBe(pid);
    expect(processes.filter((g) => g !== leader).map((g) => g.pid)).toContain(newLeader);

    for (let page = 4; page <= LAST_PAGE; page += 1) await tickAndExpect(survivors, page);
    await Promise.all(survivors.map((w) => w.until(() => w.completed, 5_000, 'the stream to complete at the terminal state')));
    const everyPage = Array.from({ length: LAST_PAGE + 1 }, (_, page) => page);
    for (const watcher of survivors) expect(watcher.pages).toEqual(everyPage);
  }, 90_000);
});
