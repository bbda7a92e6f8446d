import { DEFAULT_POLL_INTERVAL } from '../live/poll-defaults.js';
import { PROVIDERS, type Provider } from '../upstreams/provider.js';
import type { EnvReader } from './env-reader.js';
import type { GatewayConfig } from './gateway-config.js';

export interface LiveConfig extends Pick<GatewayConfig, 'pollMaxIntervalMs' | 'redisUrl'> {
  /** Base poll interval per provider, ms: `<PROVIDER>_POLL_INTERVAL_MS`, else POLL_INTERVAL_MS. */
  pollIntervalMs: Record<Provider, number>;
}

const POLL_MS = [100, 3_600_000] as const;

/** Subscriptions (docs/operations.md): how often sessions are polled, and the Redis that replicas share the polling through. */
export function readLiveConfig(read: EnvReader): LiveConfig {
  const basePollMs = read.int('POLL_INTERVAL_MS', DEFAULT_POLL_INTERVAL.baseMs, ...POLL_MS);
  const pollIntervalMs = Object.fromEntries(PROVIDERS.map((provider) => [provider, read.int(`${provider}_POLL_INTERVAL_MS`, basePollMs, ...POLL_MS)]));
  const redisUrl = read.text('REDIS_URL');
  const redis = redisUrl === null ? null : URL.parse(redisUrl);
  // The URL may carry a password, so it is never echoed.
  if (redisUrl !== null && !((redis?.protocol === 'redis:' || redis?.protocol === 'rediss:') && redis.hostname !== '')) {
    read.problem('REDIS_URL must be a redis:// or rediss:// URL with a host, e.g. redis://127.0.0.1:6379');
  }
  return {
    pollIntervalMs: pollIntervalMs as Record<Provider, number>,
    pollMaxIntervalMs: read.int('POLL_MAX_INTERVAL_MS', DEFAULT_POLL_INTERVAL.maxMs, ...POLL_MS),
    redisUrl,
  };
}
