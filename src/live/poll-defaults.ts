import { PROVIDERS, type Provider } from '../upstreams/provider.js';
import type { ErrorBackoff, PollInterval, PollJitter } from './interval-policy.js';

/** The cadence a poller keeps when nothing overrides it; POLL_INTERVAL_MS and POLL_MAX_INTERVAL_MS default to these. */
export const DEFAULT_POLL_INTERVAL: Readonly<PollInterval> = Object.freeze({ baseMs: 2_000, maxMs: 30_000 });

// One source for the hub's defaults and the config's, so `npm start` and createPollerHub() poll alike.
export const DEFAULT_POLL_INTERVALS = Object.freeze(Object.fromEntries(PROVIDERS.map((p) => [p, DEFAULT_POLL_INTERVAL]))) as Readonly<Record<Provider, PollInterval>>;

export const DEFAULT_IDLE_BACKOFF_FACTOR = 1.5;

export const DEFAULT_ERROR_BACKOFF: Readonly<ErrorBackoff> = Object.freeze({ baseMs: 1_000, maxMs: 60_000, jitter: 'equal' });

/** A quarter interval spreads a crowd of new pollers without making a lone subscriber wait long for its first value. */
export const DEFAULT_POLL_JITTER: Readonly<PollJitter> = Object.freeze({ firstPoll: 0.25, firstPollMaxMs: 1_000, interval: 0.1, retryAfter: 0.2 });
