import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubEvent } from '../../src/live/hub-event.js';
import type { PollTarget } from '../../src/live/poll-target.js';
import { createPollerHub, type PollerHub } from '../../src/live/poller-hub.js';
import type { RedisClients } from '../../src/live/redis-clients.js';
import { createRedisTransport, type RedisTransport } from '../../src/live/redis-transport.js';
import { createRateBudget } from '../../src/upstreams/budget/rate-budget.js';
import { createRedisSlotCounters, type RedisSlotCounters } from '../../src/upstreams/budget/redis-slot-counter.js';
import { UpstreamError } from '../../src/upstreams/upstream-error.js';
import { findRedisServer, startRedisServer, type RedisServerProcess } from './redis-server-process.js';
import { openClients } from './redis-test-env.js';

const binary = findRedisServer();
if (!binary) {
  const reason = 'scale-out: the restart under load needs redis-server on PATH to start, kill and restart its own Redis';
  if (process.env.CI === 'true') throw new Error(`${reason}; CI=true, so this fails rather than skips`);
  console.warn(`Skipping ${reason}.`);
}

const KEYS = 150;
const PROVIDER_RPS = 200;
const INTERVAL_MS = 1_000;
/** Below the provider's limit: fixed windows let a poll granted at the end of one second reach the provider in the next. */
const BUDGET_RPS = 160;

/**
 * A provider that allows PROVIDER_RPS requests per second (windows on the epoch second) and
 * answers 429 past that, as a real one throttles the operator's key.
 */
function createThrottlingProvider() {
  let window = -1;
  let count = 0;
  const perSecond = new Map<number, number>();
  let throttled = 0;
  return {
    perSecond,
    throttled: () => throttled,
    target(key: string): PollTarget<{ version: number }> {
      return {
        key,
        provider: 'PING',
        fetch() {
          const now = Date.now();
          const second = Math.floor(now / 1_000);
          if (second !== window) [window, count] = [second, 0];
          count += 1;
          perSecond.set(second, count);
          if (count > PROVIDER_RPS) {
            throttled += 1;
            return Promise.reject(new UpstreamError('RATE_LIMITED', 'PING', 'Too many requests', { upstreamStatus: 429, retryAfterMs: (second + 1) * 1_000 - now }));
          }
          return Promise.resolve({ version: 1 });
        },
        fingerprint: (value) => String(value.version),
        isTerminal: () => false,
      };
    },
  };
}

interface Instance {
  hub: PollerHub;
  transport: RedisTransport;
  clients: RedisClients;
  slots: RedisSlotCounters;
}

describe.skipIf(!binary)('a Redis restart under load', () => {
  let server: RedisServerProcess;
  const instances: Instance[] = [];

  beforeAll(async () => {
    server = await startRedisServer(binary!);
  });
  afterAll(async () => {
    for (const { hub, transport, clients, slots } of instances) {
      await hub.close();
      await transport.close();
      slots.close();
      clients.command.disconnect();
      clients.subscriber.disconnect();
    }
    await server?.kill();
  });

  async function start(name: string): Promise<Instance> {
    const clients = await openClients(server.url, 100);
    const quiet = { warn: () => {}, info: () => {} };
    const transport = createRedisTransport({ clients, instanceId: name, leaseMs: 500, logger: quiet });
    expect(await transport.whenMode('cluster', 5_000)).toBe(true);
    const slots = createRedisSlotCounters({ redis: clients.command, prefix: 'restart-load', instanceId: name, heartbeatMs: 200 });
    const budget = createRateBudget({ provider: 'PING', maxRps: BUDGET_RPS, counter: slots.counter('PING') });
    const hub = createPollerHub({ transport, intervals: { PING: { baseMs: INTERVAL_MS, maxMs: INTERVAL_MS } }, idleBackoffFactor: 1, pollBudgets: { PING: budget } });
    const instance = { hub, transport, clients, slots };
    instances.push(instance);
    return instance;
  }

  it('keeps the provider within its rate through the outage and the re-election, so nobody sees degraded', async () => {
    const provider = createThrottlingProvider();
    const [a, b] = await Promise.all(['a', 'b'].map(start));
    await new Promise((resolve) => setTimeout(resolve, 500)); // two heartbeats: each replica knows there are two
    expect([a!.slots.replicas(), b!.slots.replicas()]).toEqual([2, 2]);

    const events: HubEvent<{ version: number }>['type'][] = [];
    const read = async (iterator: AsyncIterableIterator<HubEvent<{ version: number }>>) => {
      for await (const event of iterator) events.push(event.type);
    };
    for (let i = 0; i < KEYS; i++) {
      for (const { hub } of [a!, b!]) void read(hub.subscribe(provider.target(`PING:load-${i}#cred`)));
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(events.filter((type) => type === 'value')).toHaveLength(2 * KEYS);

    // Down for two seconds: both replicas poll every key on their own, within their share.
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await server.restart();
    expect(await Promise.all([a!, b!].map(({ transport }) => transport.whenMode('cluster', 5_000)))).toEqual([true, true]);
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const leaders = a!.transport.leaderKeys().length + b!.transport.leaderKeys().length;
    console.log(`[scale-out] restart under load: provider saw at most ${Math.max(...provider.perSecond.values())} requests in a second (limit ${PROVIDER_RPS}); ${leaders} leases for ${KEYS} keys`);
    expect(provider.throttled()).toBe(0);
    expect(events.filter((type) => type !== 'value')).toEqual([]);
    expect(leaders).toBe(KEYS);
  });
});
