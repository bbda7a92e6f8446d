import { Redis, type RedisOptions } from 'ioredis';

/** The two connections the Redis transport needs: pub/sub takes a connection over for itself. */
export interface RedisClients {
  command: Redis;
  subscriber: Redis;
}

export interface RedisClientOptions {
  /**
   * Ceiling of the reconnect backoff, which starts at 100 ms and doubles.
   * @default 2000
   */
  reconnectMaxMs?: number;
  /**
   * A command without a reply after this long fails, so a hung Redis counts as gone.
   * @default 2000
   */
  commandTimeoutMs?: number;
}

/**
 * ioredis options for the transport's connections. Commands fail at once while disconnected
 * rather than queue, and are never replayed on a new connection: a lease or a publish sent late
 * is worse than one that failed, because the transport has already fallen back to local polling.
 * Reconnecting never gives up.
 */
export function redisClientOptions(options: RedisClientOptions = {}): RedisOptions {
  const reconnectMaxMs = options.reconnectMaxMs ?? 2_000;
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: false,
    commandTimeout: options.commandTimeoutMs ?? 2_000,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt - 1, 16), reconnectMaxMs),
  };
}

/** Opens both connections to `url` (redis:// or rediss://). The caller owns them. */
export function createRedisClients(url: string, options: RedisClientOptions = {}): RedisClients {
  const settings = redisClientOptions(options);
  return {
    command: new Redis(url, { ...settings, connectionName: 'sessiongraph-command' }),
    subscriber: new Redis(url, { ...settings, connectionName: 'sessiongraph-subscriber' }),
  };
}
