import { isBudgetRefusal } from '../budget/budget-refusal.js';
import { UpstreamError, type UpstreamErrorCode } from '../upstream-error.js';
import type { RetryBudget } from './retry-budget.js';

export interface RetryOptions {
  /** Retries after the first attempt. Only idempotent GETs are ever retried. @default 2 */
  maxRetries: number;
  /** Backoff before the first retry; it doubles for each further one, with jitter. @default 100 */
  baseDelayMs: number;
  /** Longest wait before a retry. An upstream asking (Retry-After) for longer is not retried: its error goes back at once. @default 2000 */
  maxDelayMs: number;
}

/**
 * A timeout is not retried: it has already spent the caller's time, and a second wait on a slow
 * provider doubles its load exactly when it is struggling. 5xx, resets and refused connections fail
 * fast, so one more try is cheap.
 */
const RETRYABLE: ReadonlySet<UpstreamErrorCode> = new Set(['UPSTREAM_UNAVAILABLE', 'RATE_LIMITED']);

/**
 * How long to wait before retry number `retry` (0 for the first), or undefined when the error is
 * not worth retrying. Equal jitter: half the exponential step is fixed, half random, so retries
 * from many callers spread out but each still backs off.
 */
export function retryDelayMs(error: unknown, retry: number, options: RetryOptions, random: () => number = Math.random): number | undefined {
  // The gateway's own RATE_LIMITED sent nothing and the budget is still spent: trying again would only queue behind itself.
  if (!(error instanceof UpstreamError) || !RETRYABLE.has(error.code) || isBudgetRefusal(error)) return undefined;
  if (error.retryAfterMs !== undefined) return error.retryAfterMs <= options.maxDelayMs ? error.retryAfterMs : undefined;
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return step / 2 + random() * (step / 2);
}

export interface RetryContext {
  options: RetryOptions;
  budget: RetryBudget;
  /** The caller's signal: an abort ends the waiting and the retrying. */
  signal?: AbortSignal;
  /** Called before each wait, for metrics. */
  onRetry?(event: { attempt: number; delayMs: number; code: UpstreamErrorCode }): void;
  random?: () => number;
}

/**
 * After a first attempt failed with `error`: runs `attempt` again after a backoff while it fails
 * with a transient upstream error, up to `maxRetries` times and while the budget has tokens. The
 * last error is thrown as it was. The upstream line runs the first attempt itself, so a call that
 * succeeds (nearly every call) pays for none of this.
 */
export async function retriesAfter<T>(error: unknown, attempt: () => Promise<T>, context: RetryContext): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    if (retry >= context.options.maxRetries || context.signal?.aborted) throw error;
    const delayMs = retryDelayMs(error, retry, context.options, context.random);
    if (delayMs === undefined || !context.budget.tryTake()) throw error;
    context.onRetry?.({ attempt: retry + 1, delayMs, code: (error as UpstreamError).code });
    await sleep(delayMs, context.signal);
    try {
      return await attempt();
    } catch (failed) {
      error = failed;
    }
  }
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts; no timer outlives either. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
