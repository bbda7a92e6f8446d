import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDeadlineClock } from '../../src/security/request-deadline.js';

describe('request deadline', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('aborts with a TimeoutError no sooner than its time after the start, and at most one window (ms/20) later', () => {
    const deadline = createDeadlineClock(1_000)();
    vi.advanceTimersByTime(7);
    deadline.start();
    vi.advanceTimersByTime(999);
    expect(deadline.signal!.aborted).toBe(false);
    vi.advanceTimersByTime(50);
    expect(deadline.signal!.aborted).toBe(true);
    expect(deadline.signal!.reason).toMatchObject({ name: 'TimeoutError' });
  });

  it('has no signal and no timer unless started: a subscription has no deadline', () => {
    const deadline = createDeadlineClock(1_000)();
    vi.advanceTimersByTime(60_000);
    expect(deadline.signal).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps one timer per window of start times, whatever the number of operations, and none once it fired', () => {
    const clock = createDeadlineClock(15_000);
    const first = Array.from({ length: 500 }, () => clock());
    for (const deadline of first) deadline.start();
    expect(vi.getTimerCount()).toBe(1);
    expect(new Set(first.map((d) => d.signal)).size).toBe(1);
    vi.advanceTimersByTime(100);
    const next = clock();
    next.start();
    expect(vi.getTimerCount()).toBe(2);
    expect(next.signal).not.toBe(first[0]!.signal);
    vi.advanceTimersByTime(15_100);
    expect(first[0]!.signal!.aborted).toBe(true);
    expect(next.signal!.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('starts once: a second start keeps the first window', () => {
    const deadline = createDeadlineClock(1_000)();
    deadline.start();
    const signal = deadline.signal;
    vi.advanceTimersByTime(500);
    deadline.start();
    expect(deadline.signal).toBe(signal);
  });
});
