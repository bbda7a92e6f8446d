export interface RetryBudgetOptions {
  /** Retries that may happen in a burst, when the bucket is full. @default 10 */
  burst: number;
  /** Tokens added back per second, up to `burst`. @default 2 */
  perSecond: number;
}

export interface RetryBudget {
  /** Takes one token if there is one; false means "do not retry now". */
  tryTake(): boolean;
}

/**
 * A token bucket per provider. When a provider fails for everyone at once, retries would
 * multiply its load exactly when it can least take it; the bucket caps retries at `burst` plus
 * `perSecond`, however many calls fail.
 */
export function createRetryBudget(options: RetryBudgetOptions, now: () => number = Date.now): RetryBudget {
  let tokens = options.burst;
  let refilledAt = now();
  return {
    tryTake() {
      const at = now();
      tokens = Math.min(options.burst, tokens + ((at - refilledAt) / 1000) * options.perSecond);
      refilledAt = at;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
