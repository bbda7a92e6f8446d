import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPollerHub, type PollerHub } from '../../src/live/poller-hub.js';
import type { RedisClients } from '../../src/live/redis-clients.js';
import { createRedisTransport, type RedisTransport } from '../../src/live/redis-transport.js';
import { openClients } from './redis-test-env.js';
import { findRedisServer, startRedisServer, type RedisServerProcess } from './redis-server-process.js';
import { createSharedUpstream, recordEvents, until, versions } from './shared-upstream.js';

const binary = findRedisServer();
if (!binary) {
  const reason = 'scale-out: Redis outage needs redis-server on PATH to start, kill and restart its own Redis';
  if (process.env.CI === 'true') throw new Error(`${reason}; CI=true, so this fails rather than skips`);
  console.warn(`Skipping ${reason}.`);
}

const INTERVAL_MS = 200;

interface Instance {
  name: string;
  hub: PollerHub;
  transport: RedisTransport;
  clients: RedisClients;
  warnings: string[];
}

describe.skipIf(!binary)('a Redis outage', () => {
  let server: RedisServerProcess;
  const instances: Instance[] = [];

  beforeAll(async () => {
    server = await startRedisServer(binary!);
  });
  afterAll(async () => {
    for (const { hub, transport, clients } of instances) {
      await hub.close();
      await transport.close();
      clients.command.disconnect();
      clients.subscriber.disconnect();
    }
    await server?.kill();
  });

  async function start(name: string): Promise<Instance> {
    const clients = await openClients(server.url, 100);
    const warnings: string[] = [];
    const transport = createRedisTransport({ clients, instanceId: name, leaseMs: INTERVAL_MS, logger: { warn: (_f, message) => warnings.push(message), info: () => {} } });
    expect(await transport.whenMode('cluster', 5_000)).toBe(true);
    const hub = createPollerHub({ transport, intervals: { PING: { baseMs: INTERVAL_MS, maxMs: INTERVAL_MS } }, idleBackoffFactor: 1 });
    const instance = { name, hub, transport, clients, warnings };
    instances.push(instance);
    return instance;
  }

  it('falls back to local polling while Redis is down, and back to one poller when it returns, without losing or repeating a change', async () => {
    await Promise.all(['a', 'b'].map(start));
    const upstream = createSharedUpstream('PING:outage-1#cred');
    const readers = instances.flatMap(({ name, hub }) => [0, 1].map(() => recordEvents(hub.subscribe(upstream.target(name)))));
    await Promise.all(readers.map((r) => r.until((l) => l.includes('v1'), 3_000, 'v1')));
    expect(instances.filter((i) => i.transport.isLeader(upstream.key))).toHaveLength(1);

    await server.kill();
    const modes = await Promise.all(instances.map((i) => i.transport.whenMode('local-fallback', 3_000)));
    expect(modes).toEqual([true, true]);
    for (const { warnings } of instances) expect(warnings).toEqual([expect.stringMatching(/^Lost Redis/)]);
    const downAt = Date.now();
    const pollsSince = (name: string): boolean => upstream.fetches.some((f) => f.at >= downAt && f.instance === name);
    await until(() => pollsSince('a') && pollsSince('b'), upstream.onFetch, 3 * INTERVAL_MS, 'both gateways to poll on their own');
    expect(instances.map((i) => i.transport.leaderKeys())).toEqual([[upstream.key], [upstream.key]]);

    upstream.set(2);
    await Promise.all(readers.map((r) => r.until((l) => l.includes('v2'), 3_000, 'v2 while Redis is down')));

    await server.restart();
    const rejoined = await Promise.all(instances.map((i) => i.transport.whenMode('cluster', 5_000)));
    expect(rejoined).toEqual([true, true]);
    const backAt = Date.now();
    await until(
      () => instances.filter((i) => i.transport.isLeader(upstream.key)).length === 1,
      upstream.onFetch,
      3 * INTERVAL_MS,
      'one leader again',
    );

    // A measuring window: after the rejoin, polls come from one gateway only.
    await new Promise((resolve) => setTimeout(resolve, 5 * INTERVAL_MS));
    const window = upstream.fetches.filter((f) => f.at >= backAt + INTERVAL_MS);
    console.log(`[scale-out] after Redis came back: ${window.length} polls in ${((Date.now() - backAt - INTERVAL_MS) / INTERVAL_MS).toFixed(1)} intervals, by ${[...new Set(window.map((f) => f.instance))].join(',')}`);
    expect(new Set(window.map((f) => f.instance)).size).toBe(1);

    for (let version = 3; version <= 4; version += 1) {
      upstream.set(version);
      await Promise.all(readers.map((r) => r.until((l) => l.includes(`v${version}`), 3_000, `v${version}`)));
    }
    for (const reader of readers) expect(reader.labels).toEqual(versions(1, 4));
  });
});
