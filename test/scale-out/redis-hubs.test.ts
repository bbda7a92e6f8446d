import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/upstreams/upstream-error.js';
import { createHubCluster, redisIsAvailable, type HubInstance } from './redis-test-env.js';
import { createSharedUpstream, recordEvents, versions, type SharedUpstream } from './shared-upstream.js';

const available = await redisIsAvailable('scale-out: hubs sharing one Redis');

const INTERVAL_MS = 200;

describe.skipIf(!available)('hubs sharing one Redis', () => {
  let cluster: ReturnType<typeof createHubCluster>;
  let instances: HubInstance[];
  const start = (name: string) => cluster.start(name);

  beforeEach(() => {
    cluster = createHubCluster({ leaseMs: INTERVAL_MS, hub: { intervals: { PING: { baseMs: INTERVAL_MS, maxMs: INTERVAL_MS } }, idleBackoffFactor: 1, errorBackoff: { baseMs: 100, maxMs: 100 } } });
    instances = cluster.instances;
  });
  afterEach(() => cluster.close());

  const subscribeAll = (upstream: SharedUpstream, perHub: number) =>
    instances.flatMap(({ name, hub }) => Array.from({ length: perHub }, () => recordEvents(hub.subscribe(upstream.target(name)))));

  it('polls a key once per interval across three hubs, and every subscriber on every hub gets every change exactly once', async () => {
    await Promise.all(['a', 'b', 'c'].map(start));
    const upstream = createSharedUpstream('PING:shared-1#cred');
    const readers = subscribeAll(upstream, 3);
    await Promise.all(readers.map((r) => r.until((l) => l.length > 0, 3_000, 'the first value')));

    const from = upstream.fetches.length;
    const startedAt = Date.now();
    // A measuring window, not synchronisation: polls are counted over ten intervals.
    await new Promise((resolve) => setTimeout(resolve, 10 * INTERVAL_MS));
    const window = upstream.fetches.slice(from);
    const intervals = (Date.now() - startedAt) / INTERVAL_MS;
    console.log(`[scale-out] 3 hubs, 1 key: ${window.length} polls in ${intervals.toFixed(1)} intervals (${(window.length / intervals).toFixed(2)} per interval), all by ${[...new Set(window.map((f) => f.instance))].join(',')}`);
    // The bound that matters is the upper one (three hubs polling would make it 30); the lower one only rules out a stall.
    expect(window.length).toBeGreaterThanOrEqual(Math.floor(intervals / 2));
    expect(window.length).toBeLessThanOrEqual(Math.ceil(intervals) + 1);
    expect(new Set(window.map((f) => f.instance)).size).toBe(1);
    expect(instances.filter((i) => i.transport.isLeader(upstream.key))).toHaveLength(1);

    for (let version = 2; version <= 6; version += 1) {
      upstream.set(version);
      await Promise.all(readers.map((r) => r.until((l) => l.includes(`v${version}`), 3_000, `v${version}`)));
    }
    upstream.set(7, true);
    await Promise.all(readers.map((r) => r.until(() => r.done, 3_000, 'the end of the stream')));
    for (const reader of readers) expect(reader.labels).toEqual([...versions(1, 7), 'ended']);
    expect(instances.flatMap((i) => i.transport.leaderKeys())).toEqual([]);
  });

  it('gives a late subscriber on a follower the stored value first, without polling, and routes its poke to the leader', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map(start));
    const upstream = createSharedUpstream('PING:shared-2#cred');
    const first = recordEvents(a!.hub.subscribe(upstream.target('a')));
    await first.until((l) => l.includes('v1'), 3_000, 'v1 on the leader');
    upstream.set(2);
    await first.until((l) => l.includes('v2'), 3_000, 'v2 on the leader');

    const polls = upstream.fetches.length;
    const late = recordEvents(b!.hub.subscribe(upstream.target('b')));
    await late.until((l) => l.length > 0, 3_000, 'the stored value');
    expect(late.labels).toEqual(['v2']);
    expect(upstream.fetches.length - polls).toBeLessThanOrEqual(1);
    expect(a!.transport.isLeader(upstream.key)).toBe(true);
    expect(b!.transport.isLeader(upstream.key)).toBe(false);

    // A closeSession on the follower: its poke must make the leader poll at once, not at its next interval.
    upstream.set(3);
    const poked = Date.now();
    b!.hub.pokeNow(upstream.key);
    await Promise.all([first, late].map((r) => r.until((l) => l.includes('v3'), 3_000, 'v3 after the poke')));
    expect(Date.now() - poked).toBeLessThan(INTERVAL_MS);
    expect(upstream.fetches.at(-1)!.instance).toBe('a');
    expect([first.labels, late.labels]).toEqual([versions(1, 3), ['v2', 'v3']]);
  });

  it('carries upstream errors across the wire as UpstreamErrors, so followers still see the code', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map(start));
    const upstream = createSharedUpstream('PING:shared-3#cred');
    const onLeader = a!.hub.subscribe(upstream.target('a'));
    expect((await onLeader.next()).value).toMatchObject({ type: 'value' });
    const onFollower = b!.hub.subscribe(upstream.target('b'));
    expect((await onFollower.next()).value).toMatchObject({ type: 'value' });

    upstream.fail(new UpstreamError('RATE_LIMITED', 'PING', 'Ping is rate limiting', { upstreamStatus: 429, retryAfterMs: 300 }));
    const degraded = (await onFollower.next()).value;
    // At least the Retry-After, plus up to a fifth of it as jitter.
    expect(degraded).toMatchObject({ type: 'degraded', retryAfterMs: expect.toSatisfy((ms: number) => ms >= 300 && ms <= 360) });
    expect(degraded!.type === 'degraded' && degraded.error).toBeInstanceOf(UpstreamError);
    expect(degraded!.type === 'degraded' && degraded.error).toMatchObject({ code: 'RATE_LIMITED', provider: 'PING', message: 'Ping is rate limiting', upstreamStatus: 429, retryAfterMs: 300 });

    upstream.fail(new UpstreamError('NOT_FOUND', 'PING', 'No such session', { upstreamStatus: 404 }));
    const failed = (await onFollower.next()).value;
    expect(failed).toMatchObject({ type: 'failed', error: { code: 'NOT_FOUND', provider: 'PING', upstreamStatus: 404 } });
    expect(failed!.type === 'failed' && failed.error).toBeInstanceOf(UpstreamError);
    expect(await onFollower.next()).toEqual({ done: true, value: undefined });
    await onLeader.return!();
  });
});
