import type { Redis } from 'ioredis';
import { systemClock, type Clock } from '../../live/clock.js';
import { lua, runScript } from '../../live/redis-scripts.js';
import { createMemorySlotCounter, WINDOW_MS, type SlotCounter, type SlotGrant } from './slot-counter.js';

export interface RedisSlotCountersOptions {
  /** A command connection (the transport's own is fine: every command here is a single round trip). */
  redis: Redis;
  /** Key prefix shared by every replica of one deployment. */
  prefix: string;
  /** This replica's id, for the count of live replicas. */
  instanceId: string;
  /** @default the process clock */
  clock?: Clock;
  /**
   * How often this replica says it is alive; a replica silent for three beats no longer counts.
   * @default 2000
   */
  heartbeatMs?: number;
}

export interface RedisSlotCounters {
  /** The counter for one provider (or any other name): one window shared by every replica. */
  counter(name: string): SlotCounter;
  /** Replicas alive at the last heartbeat that reached Redis. */
  replicas(): number;
  close(): void;
}

/**
 * Cluster-wide counters: one Lua script per call that counts only when under the caller's ceiling.
 * rate-limiter-flexible (tried first) has one ceiling per limiter and always counts, so a poll
 * refused at the poll ceiling had to be given back with `reward`, a second round trip that lands
 * late from other replicas and, meanwhile, refuses queries the window still had room for. While
 * Redis is away, each replica counts alone against its share: the ceiling divided by the replicas
 * last seen alive, so the fleet stays within the limit without talking.
 */
export function createRedisSlotCounters(options: RedisSlotCountersOptions): RedisSlotCounters {
  const clock = options.clock ?? systemClock;
  const heartbeatMs = options.heartbeatMs ?? 2_000;
  const replicaKey = `${options.prefix}:budget:replicas`;
  let replicas = 1;
  let closed = false;
  let timer: unknown;

  async function beat(): Promise<void> {
    const now = clock.now();
    const reply = await options.redis
      .multi()
      .zadd(replicaKey, now, options.instanceId)
      .zremrangebyscore(replicaKey, 0, now - 3 * heartbeatMs)
      .zcard(replicaKey)
      .pexpire(replicaKey, 3 * heartbeatMs)
      .exec();
    const count = reply?.[2]?.[1];
    if (typeof count === 'number' && count > 0) replicas = count;
  }
  function loop(): void {
    if (closed) return;
    beat().catch(() => {}).finally(() => {
      if (!closed) timer = clock.setTimeout(loop, heartbeatMs);
    });
  }
  loop();

  return {
    counter(name) {
      const keyPrefix = `${options.prefix}:budget:${name}`;
      const alone = createMemorySlotCounter(clock);
      const share = (ceiling: number): number => Math.max(1, Math.floor(ceiling / replicas));
      let lastPlace: 'shared' | 'alone' | undefined;
      let spentIn = -1;
      return {
        take(ceiling) {
          // Windows named by the epoch second, as the memory counter's: every replica (and the fallback) turns together.
          const now = clock.now();
          const window = Math.floor(now / WINDOW_MS);
          const waitMs = (window + 1) * WINDOW_MS - now;
          // Neither side knows what the other counted in the window where this replica switched
          // between Redis and counting alone, so that window is treated as spent.
          const switchTo = (place: 'shared' | 'alone'): boolean => {
            if (lastPlace !== undefined && lastPlace !== place) spentIn = window;
            lastPlace = place;
            return spentIn === window;
          };
          const countAlone = (): SlotGrant => {
            if (switchTo('alone')) return { taken: false, waitMs };
            return alone.take(share(ceiling));
          };
          if (spentIn === window) return { taken: false, waitMs };
          if (options.redis.status !== 'ready') return countAlone();
          return runScript(options.redis, TAKE, [`${keyPrefix}:${window}`], [ceiling, 2 * WINDOW_MS]).then((reply): SlotGrant => {
            const count = Math.abs(Number(reply));
            return !switchTo('shared') && Number(reply) > 0 ? { taken: true, waitMs: 0, count } : { taken: false, waitMs, count };
          }, countAlone);
        },
      };
    },
    replicas: () => replicas,
    close() {
      closed = true;
      if (timer !== undefined) clock.clearTimeout(timer);
    },
  };
}

/**
 * KEYS: the window's counter. ARGV: ceiling, ttlMs. Returns the window's count after a slot was
 * taken (at least 1), or minus the count when none was (the ceiling is at least 1, so never 0).
 */
const TAKE = lua(`
local taken = tonumber(redis.call('GET', KEYS[1]) or '0')
if taken >= tonumber(ARGV[1]) then return -taken end
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return count
`);
