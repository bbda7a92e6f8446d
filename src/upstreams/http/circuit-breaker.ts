export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Share of failed calls, in percent, that opens the breaker once the window holds `minimumCalls`. @default 50 */
  failureRatePercent: number;
  /** Calls the window must hold before its failure rate counts, so a handful of errors never opens it. @default 20 */
  minimumCalls: number;
  /** Rolling window the rate is measured over, ms. @default 10000 */
  windowMs: number;
  /** How long the breaker stays open before one probe call may try the provider again, ms. @default 5000 */
  openMs: number;
}

/** The outcome of one admitted call, reported exactly once. */
export interface BreakerPermit {
  /** The provider answered (any status that is not a failure of the provider itself). */
  success(): void;
  /** The provider is unwell: unreachable, timed out, or 5xx. */
  failure(): void;
  /** Says nothing about the provider (the caller gave up); frees a half-open probe slot. */
  ignore(): void;
}

export interface CircuitBreaker {
  /** A permit for one call, or null while open (and while a half-open probe is in flight). */
  tryAcquire(): BreakerPermit | null;
  readonly state: BreakerState;
}

const BUCKETS = 10;

/**
 * Closed -> open when the failure rate over the rolling window reaches the threshold; open ->
 * half-open after `openMs`, admitting one probe; the probe's success closes it, its failure opens
 * it again. While open, callers fail in microseconds instead of queueing behind a dead provider.
 */
export function createCircuitBreaker(
  options: CircuitBreakerOptions,
  onStateChange: (state: BreakerState) => void = () => undefined,
  now: () => number = Date.now,
): CircuitBreaker {
  const bucketMs = Math.max(1, Math.ceil(options.windowMs / BUCKETS));
  let buckets: { start: number; calls: number; failures: number }[] = [];
  let state: BreakerState = 'closed';
  let openedAt = 0;
  let probeInFlight = false;

  const moveTo = (next: BreakerState): void => {
    if (next === state) return;
    state = next;
    if (next === 'closed') buckets = [];
    onStateChange(next);
  };

  const record = (failed: boolean): void => {
    const at = now();
    buckets = buckets.filter((bucket) => bucket.start > at - options.windowMs);
    let current = buckets.at(-1);
    if (!current || current.start + bucketMs <= at) {
      current = { start: at, calls: 0, failures: 0 };
      buckets.push(current);
    }
    current.calls += 1;
    if (!failed) return;
    current.failures += 1;
    const calls = buckets.reduce((sum, bucket) => sum + bucket.calls, 0);
    const failures = buckets.reduce((sum, bucket) => sum + bucket.failures, 0);
    if (calls >= options.minimumCalls && failures * 100 >= options.failureRatePercent * calls) {
      openedAt = at;
      moveTo('open');
    }
  };

  const permit = (probe: boolean): BreakerPermit => {
    let settled = false;
    const settle = (outcome: 'success' | 'failure' | 'ignore'): void => {
      if (settled) return;
      settled = true;
      if (!probe) {
        if (state === 'closed' && outcome !== 'ignore') record(outcome === 'failure');
        return;
      }
      probeInFlight = false;
      if (outcome === 'success') moveTo('closed');
      if (outcome === 'failure') {
        openedAt = now();
        moveTo('open');
      }
    };
    return { success: () => settle('success'), failure: () => settle('failure'), ignore: () => settle('ignore') };
  };

  return {
    get state() {
      return state;
    },
    tryAcquire() {
      if (state === 'closed') return permit(false);
      if (state === 'open' && now() - openedAt < options.openMs) return null;
      if (probeInFlight) return null;
      probeInFlight = true;
      moveTo('half-open');
      return permit(true);
    },
  };
}
