import type { PollBudget } from '../upstreams/budget/rate-budget.js';
import { PROVIDERS, type Provider } from '../upstreams/provider.js';
import { systemClock, type Clock } from './clock.js';
import type { HubTransport } from './hub-transport.js';
import type { ErrorBackoff, PollInterval, PollJitter } from './interval-policy.js';
import { createMemoryTransport } from './memory-transport.js';
import { DEFAULT_ERROR_BACKOFF, DEFAULT_IDLE_BACKOFF_FACTOR, DEFAULT_POLL_INTERVALS, DEFAULT_POLL_JITTER } from './poll-defaults.js';

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
   * Randomised timing, so pollers started together spread out. Use all zeros for exact timing.
   * @default { firstPoll: 0.25, firstPollMaxMs: 1000, interval: 0.1, retryAfter: 0.2 }
   */
  jitter?: Partial<PollJitter>;
  /**
   * Each provider's rate budget, asked before every poll: when it is short, due polls wait in
   * turn and intervals stretch. Providers left out are polled whenever due.
   * @default {}
   */
  pollBudgets?: Partial<Record<Provider, PollBudget>>;
  /**
   * Most distinct sessions one client may watch at once, checked by `reserveWatch`.
   * @default Infinity
   */
  maxWatchedSessionsPerClient?: number;
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
  jitter: PollJitter;
};

/** Fills in defaults and rejects settings that would poll in a tight loop or never. */
export function resolvePollerHubOptions(options: PollerHubOptions): ResolvedPollerHubOptions {
  const intervals = { ...DEFAULT_POLL_INTERVALS, ...options.intervals };
  const errorBackoff = { ...DEFAULT_ERROR_BACKOFF, ...options.errorBackoff };
  const idleBackoffFactor = options.idleBackoffFactor ?? DEFAULT_IDLE_BACKOFF_FACTOR;
  const jitter = { ...DEFAULT_POLL_JITTER, ...options.jitter };
  for (const name of ['firstPoll', 'interval', 'retryAfter'] as const) {
    if (!(jitter[name] >= 0 && jitter[name] <= 1)) throw new RangeError(`jitter.${name} must be in [0, 1], got ${jitter[name]}`);
  }
  if (!(jitter.firstPollMaxMs >= 0)) throw new RangeError(`jitter.firstPollMaxMs must be >= 0, got ${jitter.firstPollMaxMs}`);
  const maxWatchedSessionsPerClient = options.maxWatchedSessionsPerClient ?? Infinity;
  if (!(maxWatchedSessionsPerClient >= 1)) throw new RangeError(`maxWatchedSessionsPerClient must be >= 1, got ${maxWatchedSessionsPerClient}`);
  for (const provider of PROVIDERS) checkRange(`intervals.${provider}`, intervals[provider]);
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
    jitter,
    pollBudgets: options.pollBudgets ?? {},
    maxWatchedSessionsPerClient,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    transport: options.transport ?? createMemoryTransport(),
  };
}

function checkRange(name: string, range: { baseMs: number; maxMs: number }): void {
  if (!(range.baseMs > 0) || !(range.maxMs >= range.baseMs) || !Number.isFinite(range.maxMs)) {
    throw new RangeError(`${name} needs 0 < baseMs <= maxMs (finite), got baseMs=${range.baseMs} maxMs=${range.maxMs}`);
  }
}
