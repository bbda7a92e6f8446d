import { describe, expect, it } from 'vitest';
import { retriesAfter, retryDelayMs, type RetryContext, type RetryOptions } from '../../src/upstreams/http/retry.js';
import { createRetryBudget } from '../../src/upstreams/http/retry-budget.js';
import { UpstreamError, type UpstreamErrorCode } from '../../src/upstreams/upstream-error.js';

const OPTIONS: RetryOptions = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1_000 };
const error = (code: UpstreamErrorCode, retryAfterMs?: number) => new UpstreamError(code, 'PING', code, { retryAfterMs });

describe('retryDelayMs', () => {
  it('backs off exponentially with equal jitter, capped at maxDelayMs', () => {
    const low = [0, 1, 2, 3, 4].map((retry) => retryDelayMs(error('UPSTREAM_UNAVAILABLE'), retry, OPTIONS, () => 0));
    const high = [0, 1, 2, 3, 4].map((retry) => retryDelayMs(error('UPSTREAM_UNAVAILABLE'), retry, OPTIONS, () => 1));
    expect(low).toEqual([50, 100, 200, 400, 500]);
    expect(high).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('waits exactly what Retry-After asks for, and not at all when it asks for more than maxDelayMs', () => {
    expect(retryDelayMs(error('RATE_LIMITED', 700), 0, OPTIONS)).toBe(700);
    expect(retryDelayMs(error('UPSTREAM_UNAVAILABLE', 1_000), 1, OPTIONS)).toBe(1_000);
    expect(retryDelayMs(error('RATE_LIMITED', 7_000), 0, OPTIONS)).toBeUndefined();
  });

  it.each<UpstreamErrorCode>(['NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'INVALID_INPUT', 'ALREADY_CLOSED', 'UPSTREAM_BAD_RESPONSE', 'UPSTREAM_TIMEOUT'])('never retries %s', (code) => {
    expect(retryDelayMs(error(code), 0, OPTIONS)).toBeUndefined();
  });

  it('never retries an error that is not an upstream outcome', () => {
    expect(retryDelayMs(new TypeError('bug'), 0, OPTIONS)).toBeUndefined();
  });
});

describe('retriesAfter', () => {
  /** The first attempt, then retriesAfter its failure: what the upstream line does. */
  const withRetries = <T>(attempt: () => Promise<T>, context: RetryContext): Promise<T> => attempt().catch((error: unknown) => retriesAfter(error, attempt, context));
  const failingThen = (failures: UpstreamError[]) => {
    let calls = 0;
    return {
      attempt: async () => {
        const failure = failures[calls];
        calls += 1;
        if (failure) throw failure;
        return 'ok';
      },
      calls: () => calls,
    };
  };
  const fast: RetryOptions = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 };

  it('retries transient failures until one succeeds, reporting each retry', async () => {
    const { attempt, calls } = failingThen([error('UPSTREAM_UNAVAILABLE'), error('RATE_LIMITED', 1)]);
    const retries: unknown[] = [];
    const result = await withRetries(attempt, { options: fast, budget: createRetryBudget({ burst: 10, perSecond: 0 }), onRetry: (e) => retries.push([e.attempt, e.code]) });
    expect(result).toBe('ok');
    expect(calls()).toBe(3);
    expect(retries).toEqual([
      [1, 'UPSTREAM_UNAVAILABLE'],
      [2, 'RATE_LIMITED'],
    ]);
  });

  it('gives up after maxRetries with the last error', async () => {
    const last = error('UPSTREAM_UNAVAILABLE');
    const { attempt, calls } = failingThen([error('UPSTREAM_UNAVAILABLE'), error('UPSTREAM_UNAVAILABLE'), last, error('UPSTREAM_UNAVAILABLE')]);
    await expect(withRetries(attempt, { options: fast, budget: createRetryBudget({ burst: 10, perSecond: 0 }) })).rejects.toBe(last);
    expect(calls()).toBe(3);
  });

  it('stops retrying when the budget is empty', async () => {
    const budget = createRetryBudget({ burst: 1, perSecond: 0 });
    const first = failingThen([error('UPSTREAM_UNAVAILABLE'), error('UPSTREAM_UNAVAILABLE'), error('UPSTREAM_UNAVAILABLE')]);
    await expect(withRetries(first.attempt, { options: fast, budget })).rejects.toBeInstanceOf(UpstreamError);
    expect(first.calls()).toBe(2);
    const second = failingThen([error('UPSTREAM_UNAVAILABLE')]);
    await expect(withRetries(second.attempt, { options: fast, budget })).rejects.toBeInstanceOf(UpstreamError);
    expect(second.calls()).toBe(1);
  });

  it('ends the wait with the signal reason when the caller aborts', async () => {
    const controller = new AbortController();
    const { attempt, calls } = failingThen([error('UPSTREAM_UNAVAILABLE'), error('UPSTREAM_UNAVAILABLE')]);
    const reason = new DOMException('deadline', 'TimeoutError');
    const running = withRetries(attempt, {
      options: { maxRetries: 2, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      budget: createRetryBudget({ burst: 10, perSecond: 0 }),
      signal: controller.signal,
      onRetry: () => queueMicrotask(() => controller.abort(reason)),
    });
    await expect(running).rejects.toBe(reason);
    expect(calls()).toBe(1);
  });
});

describe('retry budget', () => {
  it('refills at perSecond up to burst', () => {
    let now = 0;
    const budget = createRetryBudget({ burst: 2, perSecond: 1 }, () => now);
    expect([budget.tryTake(), budget.tryTake(), budget.tryTake()]).toEqual([true, true, false]);
    now += 999;
    expect(budget.tryTake()).toBe(false);
    now += 1;
    expect(budget.tryTake()).toBe(true);
    now += 60_000;
    expect([budget.tryTake(), budget.tryTake(), budget.tryTake()]).toEqual([true, true, false]);
  });
});
