import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRequestDeadline } from '../../src/security/request-deadline.js';

describe('request deadline', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('aborts with a TimeoutError once started and its time is up', () => {
    const deadline = createRequestDeadline(1_000);
    deadline.start();
    vi.advanceTimersByTime(999);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toMatchObject({ name: 'TimeoutError' });
  });

  it('never fires unless started: a subscription has no deadline', () => {
    const deadline = createRequestDeadline(1_000);
    vi.advanceTimersByTime(60_000);
    expect(deadline.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no timer behind once cleared', () => {
    const deadline = createRequestDeadline(1_000);
    deadline.start();
    deadline.start();
    expect(vi.getTimerCount()).toBe(1);
    deadline.clear();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(deadline.signal.aborted).toBe(false);
  });
});
