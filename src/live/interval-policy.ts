/** How often one provider is polled while polls succeed. */
export interface PollInterval {
  /** Delay after a poll that found a change, and where idle backoff starts. */
  baseMs: number;
  /** Ceiling for idle backoff. */
  maxMs: number;
}

/** How long to wait after consecutive transient failures. */
export interface ErrorBackoff {
  /** Ceiling of the first retry's delay; it doubles per consecutive failure. */
  baseMs: number;
  /** Cap on that ceiling. */
  maxMs: number;
  /** `full`: uniform in [0, ceiling]. `equal`: uniform in [ceiling/2, ceiling], so a retry never comes right back. */
  jitter: 'full' | 'equal';
}

/** Delay before the next poll after a successful one: base on change, else the previous delay times `factor`, capped. */
export function delayAfterSuccess(
  previousMs: number,
  changed: boolean,
  interval: PollInterval,
  factor: number,
): number {
  if (changed) return interval.baseMs;
  return Math.min(interval.maxMs, Math.round(previousMs * factor));
}

/**
 * Delay before retrying after the `attempt`-th consecutive transient failure (1-based). An
 * upstream's Retry-After is a floor, never shortened by jitter or capped by `maxMs`: it is the
 * upstream's rule, and breaking it only earns another 429.
 */
export function delayAfterError(
  attempt: number,
  backoff: ErrorBackoff,
  random: () => number,
  retryAfterMs?: number,
  retryAfterJitter = 0,
): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (attempt - 1));
  const spread =
    backoff.jitter === 'full' ? random() * ceiling : ceiling / 2 + (random() * ceiling) / 2;
  // setTimeout turns anything past 2^31-1 ms into 1 ms, which would poll in a tight loop.
  const floor = retryAfterMs === undefined ? 0 : retryAfterJitter > 0 ? retryAfterMs * (1 + retryAfterJitter * random()) : retryAfterMs;
  return Math.min(Math.round(Math.max(spread, floor)), MAX_TIMER_MS);
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** How far pollers' timing is randomised, so pollers started together don't fire together forever. */
export interface PollJitter {
  /** A new poller's first fetch comes uniformly within this share of `baseMs` (0: at once)... */
  firstPoll: number;
  /** ...and never later than this, however long the interval: a new subscriber is waiting for that first value. */
  firstPollMaxMs: number;
  /** Each delay between polls is moved by up to ± this share. */
  interval: number;
  /** Up to this share of a Retry-After is added to it, so pollers told the same Retry-After don't come back as one. */
  retryAfter: number;
}

/** Delay before a new poller's first fetch. */
export function firstPollDelay(interval: PollInterval, jitter: PollJitter, random: () => number): number {
  const spreadMs = Math.min(interval.baseMs * jitter.firstPoll, jitter.firstPollMaxMs);
  return spreadMs > 0 ? Math.floor(random() * spreadMs) : 0;
}

/** `delayMs` moved by up to ± `share` of itself. */
export function jittered(delayMs: number, share: number, random: () => number): number {
  if (share === 0) return delayMs;
  return Math.min(Math.max(1, Math.round(delayMs * (1 + share * (2 * random() - 1)))), MAX_TIMER_MS);
}
