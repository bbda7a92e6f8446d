import { describe, expect, it } from 'vitest';
import { delayAfterError, delayAfterSuccess } from '../../src/live/interval-policy.js';

const interval = { baseMs: 1_000, maxMs: 5_000 };

describe('delayAfterSuccess', () => {
  it('grows by the factor per unchanged poll up to maxMs, and resets to base on change', () => {
    const delays: number[] = [];
    let delay = interval.baseMs;
    for (const changed of [false, false, false, false, false, true, false]) {
      delay = delayAfterSuccess(delay, changed, interval, 1.5);
      delays.push(delay);
    }
    expect(delays).toEqual([1_500, 2_250, 3_375, 5_000, 5_000, 1_000, 1_500]);
  });

  it('polls at a fixed rate with factor 1', () => {
    expect(delayAfterSuccess(1_000, false, interval, 1)).toBe(1_000);
  });
});

describe('delayAfterError', () => {
  const backoff = { baseMs: 1_000, maxMs: 8_000 };

  it('doubles the ceiling per attempt up to maxMs; full jitter scales the whole ceiling', () => {
    const half = () => 0.5;
    const delays = [1, 2, 3, 4, 5, 40].map((attempt) =>
      delayAfterError(attempt, { ...backoff, jitter: 'full' }, half),
    );
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 4_000, 4_000]);
    expect(delayAfterError(3, { ...backoff, jitter: 'full' }, () => 0)).toBe(0);
  });

  it('equal jitter keeps at least half the ceiling', () => {
    const equal = { ...backoff, jitter: 'equal' as const };
    expect(delayAfterError(3, equal, () => 0)).toBe(2_000);
    expect(delayAfterError(3, equal, () => 0.5)).toBe(3_000);
    expect(delayAfterError(3, equal, () => 0.999)).toBe(3_998);
  });

  it('treats Retry-After as a floor, even above maxMs, and ignores it when the backoff is longer', () => {
    const full = { ...backoff, jitter: 'full' as const };
    expect(delayAfterError(1, full, () => 0.5, 30_000)).toBe(30_000);
    expect(delayAfterError(4, full, () => 1, 100)).toBe(8_000);
  });
});
