import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHubCluster, redisIsAvailable, type HubInstance } from './redis-test-env.js';
import { createSharedUpstream, recordEvents, until, versions } from './shared-upstream.js';

const available = await redisIsAvailable('scale-out: leader failover');

const INTERVAL_MS = 200;

describe.skipIf(!available)('leader failover', () => {
  let cluster: ReturnType<typeof createHubCluster>;
  let instances: HubInstance[];
  const start = (name: string) => cluster.start(name);

  beforeEach(() => {
    cluster = createHubCluster({ leaseMs: INTERVAL_MS, hub: { intervals: { PING: { baseMs: INTERVAL_MS, maxMs: INTERVAL_MS } }, idleBackoffFactor: 1 } });
    instances = cluster.instances;
  });
  afterEach(() => cluster.close());

  it('hands a crashed leader’s key to a surviving hub within two intervals, with no gap and no duplicate', async () => {
    await Promise.all(['a', 'b', 'c'].map(start));
    const upstream = createSharedUpstream('PING:failover-1#cred');
    const readers = new Map(instances.map(({ name, hub }) => [name, [0, 1].map(() => recordEvents(hub.subscribe(upstream.target(name))))]));
    await Promise.all([...readers.values()].flat().map((r) => r.until((l) => l.includes('v1'), 3_000, 'v1')));
    upstream.set(2);
    await Promise.all([...readers.values()].flat().map((r) => r.until((l) => l.includes('v2'), 3_000, 'v2')));

    const leaders = instances.filter((i) => i.transport.isLeader(upstream.key));
    expect(leaders).toHaveLength(1);
    const dead = leaders[0]!;
    // A crash, not a shutdown: the dead hub's polls stop reaching the upstream, and its connections
    // drop without releasing the lease, so the survivors must wait for it to expire.
    upstream.kill(dead.name);
    const crashedAt = Date.now();
    dead.clients.command.disconnect();
    dead.clients.subscriber.disconnect();
    // A change made while nobody leads must still reach everyone once.
    upstream.set(3);

    const isTakeover = (f: { instance: string; at: number }): boolean => f.at >= crashedAt && f.instance !== dead.name;
    await until(() => upstream.fetches.some(isTakeover), upstream.onFetch, 5 * INTERVAL_MS, 'a poll by a new leader');
    const takeover = upstream.fetches.find(isTakeover)!;
    const failoverMs = takeover.at - crashedAt;
    console.log(`[scale-out] in-process failover: ${takeover.instance} polled ${failoverMs} ms after the leader crashed (lease ${INTERVAL_MS} ms, interval ${INTERVAL_MS} ms)`);
    expect(failoverMs).toBeLessThanOrEqual(2 * INTERVAL_MS);

    const survivors = instances.filter((i) => i !== dead);
    const surviving = survivors.flatMap((i) => readers.get(i.name)!);
    await Promise.all(surviving.map((r) => r.until((l) => l.includes('v3'), 3_000, 'v3 after the failover')));
    for (let version = 4; version <= 6; version += 1) {
      upstream.set(version);
      await Promise.all(surviving.map((r) => r.until((l) => l.includes(`v${version}`), 3_000, `v${version}`)));
    }
    upstream.set(7, true);
    await Promise.all(surviving.map((r) => r.until(() => r.done, 3_000, 'the end of the stream')));
    for (const reader of surviving) expect(reader.labels).toEqual([...versions(1, 7), 'ended']);
    expect(upstream.fetches.filter((f) => f.at >= crashedAt).every((f) => f.instance === takeover.instance)).toBe(true);
  });

  it('moves polling to a follower at once when the leader’s last subscriber leaves', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map(start));
    const upstream = createSharedUpstream('PING:failover-2#cred');
    const onA = recordEvents(a!.hub.subscribe(upstream.target('a')));
    await onA.until((l) => l.includes('v1'), 3_000, 'v1 on a');
    const onB = recordEvents(b!.hub.subscribe(upstream.target('b')));
    await onB.until((l) => l.includes('v1'), 3_000, 'v1 on b');
    expect(a!.transport.isLeader(upstream.key)).toBe(true);

    const leftAt = Date.now();
    await onA.close();
    await until(() => upstream.fetches.some((f) => f.instance === 'b'), upstream.onFetch, 3_000, 'b to poll');
    const handoverMs = upstream.fetches.find((f) => f.instance === 'b')!.at - leftAt;
    console.log(`[scale-out] handover after the leader's last subscriber left: ${handoverMs} ms`);
    expect(handoverMs).toBeLessThan(INTERVAL_MS);
    expect(b!.transport.leaderKeys()).toEqual([upstream.key]);

    upstream.set(2);
    await onB.until((l) => l.includes('v2'), 3_000, 'v2 on b');
    expect(onB.labels).toEqual(versions(1, 2));
  });
});
