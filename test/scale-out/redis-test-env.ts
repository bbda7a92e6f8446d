import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createPollerHub, type PollerHub, type PollerHubOptions } from '../../src/live/poller-hub.js';
import { redisClientOptions, type RedisClients } from '../../src/live/redis-clients.js';
import { createRedisTransport, type RedisTransport, type TransportLogger } from '../../src/live/redis-transport.js';

/** The Redis the scale-out suites run against; override with REDIS_TEST_URL. */
export const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether the suites can run. Without Redis they are skipped with the reason printed, except on
 * CI (CI=true), where a missing Redis is a broken pipeline and the file fails instead.
 */
export async function redisIsAvailable(suite: string, url = REDIS_URL): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  let cause: Error | undefined;
  probe.on('error', (error: Error) => (cause ??= error));
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch (error) {
    const reason = `${suite}: Redis is not reachable at ${url} (${(cause ?? (error as Error)).message})`;
    if (process.env.CI === 'true') throw new Error(`${reason}; CI=true, so this fails rather than skips`);
    console.warn(`Skipping ${reason}. Start redis-server on 127.0.0.1:6379 or set REDIS_TEST_URL to run it.`);
    return false;
  } finally {
    probe.disconnect();
  }
}

/** A key prefix no other run shares, so runs never see each other's leases or events. */
export function uniquePrefix(): string {
  return `sessiongraph-test:${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 0 });
  try {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
    if (found.length > 0) await redis.del(...found);
  } finally {
    redis.disconnect();
  }
}

/** The two connections a transport needs, opened with the transport's own options and ready to use. */
export async function openClients(url: string, reconnectMaxMs = 200): Promise<RedisClients> {
  const options = redisClientOptions({ reconnectMaxMs });
  const clients = { command: new Redis(url, options), subscriber: new Redis(url, options) };
  for (const client of Object.values(clients)) client.on('error', () => {});
  await Promise.all(Object.values(clients).map((client) => waitUntil(() => client.status === 'ready', client, 'ready', 5_000)));
  return clients;
}

/** Resolves when `emitter` emits `event` and `done()` holds (checked first, then on each emit); rejects after `timeoutMs`. */
function waitUntil(done: () => boolean, emitter: Redis, event: string, timeoutMs: number): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, check);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${event}`));
    }, timeoutMs);
    function check(): void {
      if (!done()) return;
      clearTimeout(timer);
      emitter.off(event, check);
      resolve();
    }
    emitter.on(event, check);
  });
}

export interface HubInstance {
  name: string;
  hub: PollerHub;
  transport: RedisTransport;
  clients: RedisClients;
}

/**
 * Several hubs, each with its own Redis transport and connections, under one fresh key prefix:
 * `start(name)` adds one in cluster mode; `close()` shuts them all down and deletes their keys.
 */
export function createHubCluster(options: { leaseMs: number; hub: PollerHubOptions }) {
  const prefix = uniquePrefix();
  const instances: HubInstance[] = [];
  const quiet: TransportLogger = { warn: () => {}, info: () => {} };
  return {
    instances,
    async start(name: string): Promise<HubInstance> {
      const clients = await openClients(REDIS_URL);
      const transport = createRedisTransport({ clients, instanceId: name, leaseMs: options.leaseMs, prefix, logger: quiet });
      if (!(await transport.whenMode('cluster', 5_000))) throw new Error(`${name} did not reach cluster mode`);
      const instance = { name, hub: createPollerHub({ ...options.hub, transport }), transport, clients };
      instances.push(instance);
      return instance;
    },
    async close(): Promise<void> {
      for (const { hub, transport, clients } of instances.splice(0)) {
        await hub.close();
        await transport.close();
        clients.command.disconnect();
        clients.subscriber.disconnect();
      }
      await deleteKeys(REDIS_URL, `${prefix}:*`);
    },
  };
}
