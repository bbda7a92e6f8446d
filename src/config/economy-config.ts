import { PROVIDERS, type Provider } from '../upstreams/provider.js';
import type { EnvReader } from './env-reader.js';
import type { GatewayConfig } from './gateway-config.js';

/**
 * Per-provider requests per second. 20 keeps the sandbox demo (dashboard and GraphiQL, a few
 * dozen sessions at a 2 s interval) well under its limit, and holds a flooding client to 20
 * requests/s against a real account. No provider's docs state a quota, so it is ours, not theirs.
 */
export const DEFAULT_MAX_RPS = 20;

export interface EconomySettings {
  /** Most requests per second to each provider, summed over every replica sharing REDIS_URL. */
  maxRps: Readonly<Record<Provider, number>>;
  /** Most distinct sessions one client watches at once. */
  maxWatchedSessionsPerClient: number;
  /** How long a 404 is answered from memory, ms. */
  notFoundTtlMs: number;
  /** How long a terminal session is answered from memory, ms. */
  terminalTtlMs: number;
}

/** Upstream economy (docs/economy.md): the rate budget per provider, the watch cap, and what reads may skip the provider for. */
export function readEconomyConfig(read: EnvReader): Pick<GatewayConfig, 'economy'> {
  const allRps = read.int('UPSTREAM_MAX_RPS', DEFAULT_MAX_RPS, 1, 100_000);
  const maxRps = Object.fromEntries(PROVIDERS.map((provider) => [provider, read.int(`${provider}_MAX_RPS`, allRps, 1, 100_000)])) as Record<Provider, number>;
  return {
    economy: {
      maxRps,
      maxWatchedSessionsPerClient: read.int('MAX_WATCHED_SESSIONS_PER_CLIENT', 200, 1, 1_000_000),
      notFoundTtlMs: read.int('NOT_FOUND_TTL_MS', 5_000, 0, 3_600_000),
      terminalTtlMs: read.int('TERMINAL_CACHE_TTL_MS', 600_000, 0, 86_400_000),
    },
  };
}
