import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/live/clock.js';
import { redisClientOptions } from '../../src/live/redis-clients.js';
import { createRateBudget } from '../../src/upstreams/budget/rate-budget.js';
import { createRedisSlotCounters, type RedisSlotCounters } from '../../src/upstreams/budget/redis-slot-counter.js';
import { deleteKeys, REDIS_URL, redisIsAvailable, uniquePrefix } from './redis-test-env.js';

const available = await redisIsAvailable('redis-rate-budget');
const prefix = uniquePrefix();
const connections: Redis[] = [];
const counters: RedisSlotCounters[] = [];
/** Time stands still in the middle of a second, so every call lands in one window whatever the machine's speed. */
let frozenAt = Math.floor(Date.now() / 1_000) * 1_000 + 500;
const frozen = { ...systemClock, now: () => frozenAt };

async function replica(name: string, maxRps: number) {
  const redis = new Redis(REDIS_URL, redisClientOptions());
  redis.on('error', () => {});
  connections.push(redis);
  const slots = createRedisSlotCounters({ redis, prefix, instanceId: name, heartbeatMs: 200, clock: frozen });
  counters.push(slots);
  await new Promise((resolve) => redis.once('ready', resolve));
  return { redis, slots, budget: createRateBudget({ provider: 'KADOA', maxRps, counter: slots.counter('KADOA'), clock: frozen }) };
}

describe.runIf(available)('a rate budget shared in Redis', () => {
  let replicas: Awaited<ReturnType<typeof replica>>[];
  beforeAll(async () => {
    replicas = await Promise.all(['a', 'b', 'c'].map((name) => replica(name, 20)));
  });
  afterAll(async () => {
    for (const slots of counters) slots.close();
    for (const redis of connections) redis.disconnect();
    if (available) await deleteKeys(REDIS_URL, `${prefix}:*`);
  });

  it('keeps three replicas within the limit in sum, polls within their share, and queries get the rest', async () => {
    const polls = await Promise.all(replicas.flatMap(({ budget }) => Array.from({ length: 30 }, () => budget.nextPollSlot())));
    expect(polls.filter((waitMs) => waitMs === 0)).toHaveLength(16);
    expect(Math.max(...polls)).toBe(500);
    const queries = await Promise.all(
      replicas.flatMap(({ budget }, i) =>
        Array.from({ length: 5 }, () => Promise.resolve(budget.admit({ priority: 'query', clientId: `c${i}`, deadlineAt: frozen.now() + 50 })).then(() => 'served', (error: { code: string }) => error.code)),
      ),
    );
    expect(queries.filter((outcome) => outcome === 'served')).toHaveLength(4);
    expect(new Set(queries)).toEqual(new Set(['served', 'RATE_LIMITED']));
  });

  it('counts replicas alive, and falls back to its share of the limit while Redis is away', async () => {
    await new Promise((resolve) => setTimeout(resolve, 450)); // two heartbeats: every replica has been seen
    expect(replicas.map(({ slots }) => slots.replicas())).toEqual([3, 3, 3]);
    const [alone] = replicas;
    alone!.redis.disconnect();
    const pollsGranted = async () => (await Promise.all(Array.from({ length: 20 }, () => alone!.budget.nextPollSlot()))).filter((waitMs) => waitMs === 0).length;
    // The window it lost Redis in is spent: nobody knows what the others took in it.
    expect(await pollsGranted()).toBe(0);
    frozenAt += 1_000;
    // Then a share: 20/3 for queries, of which polls get floor(16/3).
    expect(await pollsGranted()).toBe(5);
  });
});
