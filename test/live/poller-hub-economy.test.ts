import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPollerHub, WatchLimitError } from '../../src/live/poller-hub.js';
import { BudgetRefusal } from '../../src/upstreams/budget/budget-refusal.js';
import { createRateBudget } from '../../src/upstreams/budget/rate-budget.js';
import { UpstreamError } from '../../src/upstreams/upstream-error.js';
import { collect, createFakeTarget, NO_JITTER } from './fake-target.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A seeded uniform random (mulberry32), so a spread is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** How many of `times` fall in each `widthMs` bucket of [0, spanMs). */
function histogram(times: number[], widthMs: number, spanMs: number): number[] {
  const buckets = Array.from({ length: spanMs / widthMs }, () => 0);
  for (const time of times) if (time >= 0 && time < spanMs) buckets[Math.floor(time / widthMs)]! += 1;
  return buckets;
}

/** Time between the 5th and the 95th percentile. */
function middleSpan(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.95)]! - sorted[Math.floor(sorted.length * 0.05)]!;
}

const fixed = { baseMs: 2_000, maxMs: 2_000 };

describe('jitter', () => {
  it('spreads the first polls of 1,000 pollers started together over a quarter interval, and their later polls stay apart', async () => {
    const hub = createPollerHub({ intervals: { PING: fixed }, idleBackoffFactor: 1, random: seeded(15) });
    const targets = Array.from({ length: 1_000 }, (_, i) => createFakeTarget(`PING:s${i}:cred`));
    for (const target of targets) collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(500);
    const firsts = targets.map((target) => target.fetchTimes[0]!);
    // Ten 50 ms buckets of 100 expected each; lockstep would put all 1,000 in the first.
    for (const count of histogram(firsts, 50, 500)) expect(count).toBeGreaterThan(70), expect(count).toBeLessThan(130);

    await vi.advanceTimersByTimeAsync(6_000);
    const thirds = targets.map((target) => target.fetchTimes[2]!);
    // ±10% per interval only widens the spread: the middle 90% of the third polls cover more time than the first ones did.
    expect(middleSpan(thirds)).toBeGreaterThan(middleSpan(firsts) * 1.2);
    await hub.close();
  });

  it('adds up to its share to a Retry-After, so pollers told the same wait come back apart', async () => {
    const hub = createPollerHub({ jitter: { ...NO_JITTER, retryAfter: 0.2 }, intervals: { PING: fixed }, random: () => 0.5 });
    const target = createFakeTarget();
    target.answer = { error: new UpstreamError('RATE_LIMITED', 'PING', 'ping answered 429', { upstreamStatus: 429, retryAfterMs: 10_000 }) };
    collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(12_000);
    expect(target.fetchTimes).toEqual([0, 11_000]);
    await hub.close();
  });
});

describe('polls under a short budget', () => {
  it('stretch round-robin: 40 sessions at 1/s on 8 poll slots/s all keep being polled, the budget is never exceeded, and nobody sees degraded', async () => {
    const budget = createRateBudget({ provider: 'PING', maxRps: 10 });
    const hub = createPollerHub({ jitter: NO_JITTER, intervals: { PING: { baseMs: 1_000, maxMs: 1_000 } }, pollBudgets: { PING: budget } });
    const targets = Array.from({ length: 40 }, (_, i) => createFakeTarget(`PING:s${i}:cred`));
    const readers = targets.map((target) => collect(hub.subscribe(target)));
    await vi.advanceTimersByTimeAsync(20_000);

    const all = targets.flatMap((target) => target.fetchTimes);
    expect(Math.max(...histogram(all, 1_000, 20_000))).toBeLessThanOrEqual(8);
    expect(all.length).toBeGreaterThanOrEqual(8 * 19);
    for (const target of targets) {
      const gaps = target.fetchTimes.slice(1).map((time, i) => time - target.fetchTimes[i]!);
      // 40 sessions on 8 slots a second: each one's turn comes about every 5 s, and no later than 6.
      expect(Math.max(...gaps, 20_000 - target.fetchTimes.at(-1)!)).toBeLessThanOrEqual(6_000);
    }
    expect(readers.flatMap((reader) => reader.labels).filter((label) => !label.startsWith('value'))).toEqual([]);
    expect(budget.stats().stretched).toBeGreaterThan(0);
    expect(hub.admissionStats().waitingForBudget.PING).toBeGreaterThan(0);
    await hub.close();
    expect(hub.admissionStats().waitingForBudget.PING).toBe(0);
  });

  it('wait out a refusal from the gateway’s own budget quietly: no degraded, no poll error', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER, intervals: { PING: fixed }, random: () => 0.5 });
    const target = createFakeTarget();
    target.answer = { error: new BudgetRefusal('PING', 700, 'The budget is spent') };
    const reader = collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(1_000);
    target.answer = { state: 'OPEN', version: 1 };
    await vi.advanceTimersByTimeAsync(1_000);
    expect(target.fetchTimes).toEqual([0, 700, 1_400]);
    expect(reader.labels).toEqual(['value OPEN v1']);
    expect(hub.stats().pollErrors.PING).toBe(0);
    await hub.close();
  });
});

describe('answering reads from a live poller', () => {
  it('offers the snapshot only while it is younger than the provider’s interval', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER, intervals: { PING: { baseMs: 1_000, maxMs: 8_000 } } });
    const target = createFakeTarget();
    collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(999);
    expect(hub.freshSnapshot(target.key)).toMatchObject({ value: { state: 'OPEN', version: 1 }, fetchedAt: 0 });
    expect(hub.freshSnapshot('PING:not-polled:cred')).toBeUndefined();
    target.answer = 'hang';
    await vi.advanceTimersByTimeAsync(1);
    expect(hub.freshSnapshot(target.key)).toBeUndefined();
    await hub.close();
  });

  it('offers no snapshot after a poke (a mutation) until the poll it asked for has landed', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER, intervals: { PING: { baseMs: 1_000, maxMs: 8_000 } } });
    const target = createFakeTarget();
    collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(100);
    expect(hub.freshSnapshot(target.key)).toMatchObject({ fetchedAt: 0 });
    target.answer = { state: 'OPEN', version: 2 };
    await vi.advanceTimersByTimeAsync(100);
    hub.pokeNow(target.key);
    expect(hub.freshSnapshot(target.key)).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(hub.freshSnapshot(target.key)).toMatchObject({ value: { state: 'OPEN', version: 2 }, fetchedAt: 200 });
    await hub.close();
  });
});

describe('watched sessions per client', () => {
  it('refuses at subscribe time what goes over the cap, counts a session once, and frees on release', () => {
    const hub = createPollerHub({ maxWatchedSessionsPerClient: 3 });
    const first = hub.reserveWatch('client-a', ['k1', 'k2', 'k2']);
    const again = hub.reserveWatch('client-a', ['k1', 'k3']);
    expect(() => hub.reserveWatch('client-a', ['k4'])).toThrow(WatchLimitError);
    expect(() => hub.reserveWatch('client-a', ['k4'])).toThrow(
      expect.objectContaining({ code: 'WATCH_LIMIT_EXCEEDED', limit: 3, watching: 3, requested: 1 }),
    );
    hub.reserveWatch('client-b', ['k4', 'k5', 'k6']).release();
    first.release();
    first.release();
    expect(() => hub.reserveWatch('client-a', ['k4', 'k5'])).toThrow(WatchLimitError);
    hub.reserveWatch('client-a', ['k4']);
    again.release();
    expect(hub.admissionStats().watchRefusals).toBe(3);
  });
});
