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
): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (attempt - 1));
  const jittered =
    backoff.jitter === 'full' ? random() * ceiling : ceiling / 2 + (random() * ceiling) / 2;
  // setTimeout turns anything past 2^31-1 ms into 1 ms, which would poll in a tight loop.
  return Math.min(Math.max(Math.round(jittered), retryAfterMs ?? 0), MAX_TIMER_MS);
}

const MAX_TIMER_MS = 2 ** 31 - 1;
