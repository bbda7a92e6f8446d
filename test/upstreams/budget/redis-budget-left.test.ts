import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/live/clock.js';
import { redisClientOptions } from '../../../src/live/redis-clients.js';
import { createRateBudget } from '../../../src/upstreams/budget/rate-budget.js';
import { createRedisSlotCounters, type RedisSlotCounters } from '../../../src/upstreams/budget/redis-slot-counter.js';
import { deleteKeys, REDIS_URL, redisIsAvailable, uniquePrefix } from '../../scale-out/redis-test-env.js';

const available = await redisIsAvailable('redis-budget-left');
const prefix = uniquePrefix();
const connections: Redis[] = [];
const counters: RedisSlotCounters[] = [];
/** Time stands still in the middle of a second, so every call lands in one window. */
const frozenAt = Math.floor(Date.now() / 1_000) * 1_000 + 500;
const frozen = { ...systemClock, now: () => frozenAt };

async function replica(name: string) {
  const redis = new Redis(REDIS_URL, redisClientOptions());
  redis.on('error', () => {});
  connections.push(redis);
  const slots = createRedisSlotCounters({ redis, prefix, instanceId: name, clock: frozen });
  counters.push(slots);
  await new Promise((resolve) => redis.once('ready', resolve));
  return createRateBudget({ provider: 'PING', maxRps: 10, counter: slots.counter('PING'), clock: frozen });
}

describe.runIf(available)('what is left of a budget shared in Redis', () => {
  afterAll(async () => {
    for (const slots of counters) slots.close();
    for (const redis of connections) redis.disconnect();
    if (available) await deleteKeys(REDIS_URL, `${prefix}:*`);
  });

  it("is the cluster's count at this replica's last call, refusals included", async () => {
    const [a, b] = [await replica('a'), await replica('b')];
    for (let i = 0; i < 3; i += 1) await a.admit({ priority: 'query', clientId: 'x' });
    await b.admit({ priority: 'query', clientId: 'y' });
    expect(a.stats().left).toBe(7);
    expect(b.stats().left).toBe(6);
    // Polls stop at 8 of 10: the refused one still tells the count.
    while ((await b.nextPollSlot()) === 0);
    expect(b.stats().left).toBe(2);
  });
});
