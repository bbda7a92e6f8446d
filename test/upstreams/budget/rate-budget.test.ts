import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isBudgetRefusal } from '../../../src/upstreams/budget/budget-refusal.js';
import { createRateBudget, type RateBudget } from '../../../src/upstreams/budget/rate-budget.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Takes poll slots until one is denied; returns how many were granted and the wait told. */
async function drainPolls(budget: RateBudget): Promise<{ granted: number; waitMs: number }> {
  let granted = 0;
  for (;;) {
    const waitMs = await budget.nextPollSlot();
    if (waitMs > 0) return { granted, waitMs };
    granted += 1;
  }
}

describe('priority', () => {
  it('lets polls use only their share of the window and tells them how long to wait', async () => {
    const budget = createRateBudget({ provider: 'KADOA', maxRps: 20 });
    vi.setSystemTime(200);
    expect(await drainPolls(budget)).toEqual({ granted: 16, waitMs: 800 });
    for (let i = 0; i < 4; i++) expect(budget.admit({ priority: 'query', clientId: 'a' })).toBeUndefined();
    expect(budget.stats()).toMatchObject({ spent: { query: 4, mutation: 0, poll: 16 }, stretched: 1, waiting: 0 });
  });

  it('makes a query wait for the next window when it is full, and keeps polls off until the queue is served', async () => {
    const budget = createRateBudget({ provider: 'KADOA', maxRps: 2 });
    budget.admit({ priority: 'query', clientId: 'a' });
    budget.admit({ priority: 'mutation', clientId: 'a' });
    let served = false;
    void budget.admit({ priority: 'query', clientId: 'b' })?.then(() => (served = true));
    expect(await budget.nextPollSlot()).toBe(1_000);
    await vi.advanceTimersByTimeAsync(999);
    expect(served).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(served).toBe(true);
    expect(budget.stats()).toMatchObject({ spent: { query: 2, mutation: 1, poll: 0 }, waiting: 0 });
  });

  it('refuses a query that cannot start before its deadline with RATE_LIMITED and retryAfterMs, not UPSTREAM_UNAVAILABLE', async () => {
    const budget = createRateBudget({ provider: 'KADOA', maxRps: 1 });
    vi.setSystemTime(400);
    budget.admit({ priority: 'query', clientId: 'a' });
    const refusal = await budget.admit({ priority: 'query', clientId: 'b', deadlineAt: 900 })?.catch((error: unknown) => error);
    expect(isBudgetRefusal(refusal)).toBe(true);
    expect(refusal).toMatchObject({ code: 'RATE_LIMITED', provider: 'KADOA', retryAfterMs: 600, origin: 'gateway' });
    expect(budget.stats().refused).toEqual({ deadline: 1, queueFull: 0, closed: 0 });
  });
});

describe('fairness', () => {
  it('serves waiting clients in turn, so a flood from one does not delay another', async () => {
    const budget = createRateBudget({ provider: 'PING', maxRps: 2 });
    budget.admit({ priority: 'query', clientId: 'flood' });
    budget.admit({ priority: 'query', clientId: 'flood' });
    const order: string[] = [];
    for (let i = 0; i < 6; i++) void budget.admit({ priority: 'query', clientId: 'flood' })?.then(() => order.push(`flood${i}`));
    void budget.admit({ priority: 'query', clientId: 'other' })?.then(() => order.push('other'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(order).toEqual(['flood0', 'other']);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(order).toEqual(['flood0', 'other', 'flood1', 'flood2', 'flood3', 'flood4']);
  });

  it('bounds one client’s waiting queries and refuses the rest at once', async () => {
    const budget = createRateBudget({ provider: 'PING', maxRps: 1, maxWaitingPerClient: 2 });
    budget.admit({ priority: 'query', clientId: 'a' });
    const waiting = [budget.admit({ priority: 'query', clientId: 'a' }), budget.admit({ priority: 'query', clientId: 'a' })];
    const refusal = await budget.admit({ priority: 'query', clientId: 'a' })?.catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 1_000 });
    expect(budget.stats()).toMatchObject({ waiting: 2, refused: { deadline: 0, queueFull: 1, closed: 0 } });
    budget.close();
    await expect(Promise.all(waiting)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('rejects a waiting query with the abort reason when its request goes away', async () => {
    const budget = createRateBudget({ provider: 'PING', maxRps: 1 });
    budget.admit({ priority: 'query', clientId: 'a' });
    const controller = new AbortController();
    const waiting = budget.admit({ priority: 'query', clientId: 'a', signal: controller.signal });
    controller.abort(new Error('client left'));
    await expect(waiting).rejects.toThrow('client left');
    expect(budget.stats().waiting).toBe(0);
  });
});

describe("the provider's 429s", () => {
  it('halve the rate once per burst, pause polls for the Retry-After, and the rate comes back gradually', async () => {
    const budget = createRateBudget({ provider: 'DEEPSET', maxRps: 20, adaptive: { recoveryPerSecond: 0.1 } });
    budget.throttled(3_000);
    budget.throttled(3_000);
    expect(budget.stats().effectiveRps).toBe(10);
    expect(await budget.nextPollSlot()).toBe(3_000);
    vi.setSystemTime(3_000);
    expect(budget.stats().effectiveRps).toBeCloseTo(16);
    expect(await drainPolls(budget)).toEqual({ granted: 12, waitMs: 1_000 });
    vi.setSystemTime(5_000);
    expect(budget.stats().effectiveRps).toBe(20);
  });
});

describe('what is left', () => {
  it('counts down the slots of the current window as queries and polls take them, and is whole again when the window turns', async () => {
    const budget = createRateBudget({ provider: 'KADOA', maxRps: 5 });
    vi.setSystemTime(100);
    expect(budget.stats().left).toBe(5);
    budget.admit({ priority: 'query', clientId: 'a' });
    expect(await budget.nextPollSlot()).toBe(0);
    expect(budget.stats().left).toBe(3);
    await drainPolls(budget);
    budget.admit({ priority: 'mutation', clientId: 'a' });
    expect(budget.stats().left).toBe(0);
    vi.setSystemTime(1_000);
    expect(budget.stats().left).toBe(5);
  });
});
