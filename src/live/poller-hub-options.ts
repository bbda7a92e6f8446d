import { PROVIDERS, type Provider } from '../upstreams/provider.js';
import { systemClock, type Clock } from './clock.js';
import type { HubTransport } from './hub-transport.js';
import type { ErrorBackoff, PollInterval } from './interval-policy.js';
import { createMemoryTransport } from './memory-transport.js';

export const DEFAULT_POLL_INTERVALS: Readonly<Record<Provider, PollInterval>> = Object.freeze({
  DEEPSET: { baseMs: 2_000, maxMs: 30_000 },
  PARADIGM: { baseMs: 2_000, maxMs: 30_000 },
  PING: { baseMs: 2_000, maxMs: 30_000 },
  KADOA: { baseMs: 2_000, maxMs: 30_000 },
});

export const DEFAULT_IDLE_BACKOFF_FACTOR = 1.5;

export const DEFAULT_ERROR_BACKOFF: Readonly<ErrorBackoff> = Object.freeze({
  baseMs: 1_000,
  maxMs: 60_000,
  jitter: 'equal',
});

export interface PollerHubOptions {
  /**
   * Poll cadence per provider. Providers left out keep their default.
   * @default DEFAULT_POLL_INTERVALS: { baseMs: 2000, maxMs: 30000 } for every provider
   */
  intervals?: Partial<Record<Provider, PollInterval>>;
  /**
   * Each poll that changed nothing multiplies the next delay by this, up to the provider's
   * `maxMs`; a change resets it to `baseMs`. Use 1 to poll at a fixed rate.
   * @default 1.5
   */
  idleBackoffFactor?: number;
  /**
   * Exponential backoff after transient upstream failures. An upstream's Retry-After is a floor on top.
   * @default { baseMs: 1000, maxMs: 60000, jitter: 'equal' }
   */
  errorBackoff?: Partial<ErrorBackoff>;
  /**
   * Time source and timers.
   * @default the process clock (Date.now, setTimeout, clearTimeout)
   */
  clock?: Clock;
  /**
   * Uniform random number in [0, 1), for jitter.
   * @default Math.random
   */
  random?: () => number;
  /**
   * Carries events from pollers to subscribers and decides which instance polls a key:
   * createRedisTransport() shares the polling between replicas.
   * @default createMemoryTransport()
   */
  transport?: HubTransport;
}

export type ResolvedPollerHubOptions = Required<PollerHubOptions> & {
  intervals: Record<Provider, PollInterval>;
  errorBackoff: ErrorBackoff;
};

/** Fills in defaults and rejects settings that would poll in a tight loop or never. */
export function resolvePollerHubOptions(options: PollerHubOptions): ResolvedPollerHubOptions {
  const intervals = { ...DEFAULT_POLL_INTERVALS, ...options.intervals };
  const errorBackoff = { ...DEFAULT_ERROR_BACKOFF, ...options.errorBackoff };
  const idleBackoffFactor = options.idleBackoffFactor ?? DEFAULT_IDLE_BACKOFF_FACTOR;
  for (const provider of PROVIDERS) {
    checkRange(`intervals.${provider}`, intervals[provider]);
  }
  checkRange('errorBackoff', errorBackoff);
  if (!(idleBackoffFactor >= 1) || !Number.isFinite(idleBackoffFactor)) {
    throw new RangeError(`idleBackoffFactor must be a finite number >= 1, got ${idleBackoffFactor}`);
  }
  if (errorBackoff.jitter !== 'full' && errorBackoff.jitter !== 'equal') {
    throw new RangeError(`errorBackoff.jitter must be 'full' or 'equal', got ${String(errorBackoff.jitter)}`);
  }
  return {
    intervals,
    errorBackoff,
    idleBackoffFactor,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    transport: options.transport ?? createMemoryTransport(),
  };
}

function checkRange(name: string, range: { baseMs: number; maxMs: number }): void {
  if (!(range.baseMs > 0) || !(range.maxMs >= range.baseMs) || !Number.isFinite(range.maxMs)) {
    throw new RangeError(
      `${name} needs 0 < baseMs <= maxMs (finite), got baseMs=${range.baseMs} maxMs=${range.maxMs}`,
    );
  }
}
