import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/live/clock.js';
import type { LeaderLease } from '../../src/live/hub-transport.js';
import { bidForLease, type BidAttempt } from '../../src/live/redis-lease-bid.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const lease = (): LeaderLease & { released: number } => {
  const made = { released: 0, release: () => void (made.released += 1) };
  return made;
};

/** An attempt whose answers the test scripts; each try records its start time. */
function scripted(answers: (() => Promise<LeaderLease | { retryInMs: number }>)[]) {
  const tries: number[] = [];
  const attempt: BidAttempt = () => {
    tries.push(Date.now());
    return answers.shift()?.() ?? Promise.resolve({ retryInMs: 1_000 });
  };
  return { attempt, tries };
}

describe('bidForLease', () => {
  it('tries at once, then after each retry delay, until it wins', async () => {
    const won = lease();
    const { attempt, tries } = scripted([() => Promise.resolve({ retryInMs: 300 }), () => Promise.resolve({ retryInMs: 100 }), () => Promise.resolve(won)]);
    const bid = bidForLease(attempt, systemClock);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(tries).toEqual([0, 300, 400]);
    expect(await bid.lease).toBe(won);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('tries again right after the try in flight when woken during it, and at once when woken while waiting', async () => {
    let settle: (value: { retryInMs: number }) => void = () => {};
    const { attempt, tries } = scripted([() => new Promise((resolve) => (settle = resolve))]);
    const bid = bidForLease(attempt, systemClock);
    await vi.advanceTimersByTimeAsync(50);
    bid.wake();
    bid.wake();
    settle({ retryInMs: 10_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(tries).toEqual([0, 50]);
    await vi.advanceTimersByTimeAsync(200);
    bid.wake();
    expect(tries).toEqual([0, 50, 250]);
    bid.withdraw();
    expect(await bid.lease).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops on abort, and releases a lease that was won after it stopped', async () => {
    const late = lease();
    let settle: (value: LeaderLease) => void = () => {};
    const { attempt } = scripted([() => new Promise((resolve) => (settle = resolve))]);
    const controller = new AbortController();
    const bid = bidForLease(attempt, systemClock, controller.signal);
    controller.abort();
    expect(await bid.lease).toBeUndefined();
    settle(late);
    await vi.advanceTimersByTimeAsync(0);
    expect(late.released).toBe(1);
  });
});
