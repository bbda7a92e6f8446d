import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPollerHub } from '../../src/live/poller-hub.js';
import { collect, createFakeTarget, label, type FakeSession, NO_JITTER } from './fake-target.js';

const everySecond = { PING: { baseMs: 1_000, maxMs: 1_000 }, KADOA: { baseMs: 1_000, maxMs: 1_000 } };

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('one poller per key', () => {
  it('polls once per interval for 1,000 subscribers of one key, and each gets the value once', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER, intervals: everySecond });
    const target = createFakeTarget();
    const readers = Array.from({ length: 1_000 }, () => collect(hub.subscribe(target)));
    await vi.advanceTimersByTimeAsync(0);
    expect(target.fetchTimes).toEqual([0]);

    await vi.advanceTimersByTimeAsync(10_000);
    expect(target.fetchTimes).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 9_000, 10_000]);
    expect(readers.filter((r) => r.labels.join('|') === 'value OPEN v1')).toHaveLength(1_000);
    expect(hub.stats()).toEqual({
      activeSubscriptions: 1_000,
      activePollers: 1,
      polls: { DEEPSET: 0, PARADIGM: 0, PING: 11, KADOA: 0 },
      pollErrors: { DEEPSET: 0, PARADIGM: 0, PING: 0, KADOA: 0 },
    });
    await hub.close();
  });

  it('polls 10 times for 1,000 subscribers over 10 keys, then 10 per interval', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER, intervals: everySecond });
    const targets = Array.from({ length: 10 }, (_, i) =>
      createFakeTarget(`key-${i}`, i % 2 === 0 ? 'PING' : 'KADOA'),
    );
    const readers = Array.from({ length: 1_000 }, (_, i) => collect(hub.subscribe(targets[i % 10]!)));
    await vi.advanceTimersByTimeAsync(0);
    expect(targets.map((t) => t.fetchTimes)).toEqual(Array.from({ length: 10 }, () => [0]));
    expect(hub.stats().polls).toEqual({ DEEPSET: 0, PARADIGM: 0, PING: 5, KADOA: 5 });

    await vi.advanceTimersByTimeAsync(1_000);
    expect(hub.stats()).toMatchObject({ activeSubscriptions: 1_000, activePollers: 10 });
    expect(hub.stats().polls).toEqual({ DEEPSET: 0, PARADIGM: 0, PING: 10, KADOA: 10 });
    expect(readers.filter((r) => r.labels.join('|') === 'value OPEN v1')).toHaveLength(1_000);
    await hub.close();
  });

  it('gives a late subscriber the latest value at once, without another upstream call', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER, intervals: everySecond });
    const target = createFakeTarget();
    const first = collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(500);
    const late = hub.subscribe(target);
    expect(label((await late.next()).value as never)).toBe('value OPEN v1');
    expect(target.fetchTimes).toEqual([0]);
    expect(first.labels).toEqual(['value OPEN v1']);
    await hub.close();
  });

  it('makes a subscriber who joins during the first fetch wait for it rather than fetch again', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER, intervals: everySecond });
    const target = createFakeTarget();
    target.answer = 'hang';
    const first = collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(200);
    const second = collect(hub.subscribe(target));
    target.answer = { state: 'OPEN', version: 1 };
    target.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(target.fetchTimes).toEqual([0]);
    expect([first.labels, second.labels]).toEqual([['value OPEN v1'], ['value OPEN v1']]);
    await hub.close();
  });
});

describe('change detection', () => {
  it('sends a value only when the fingerprint changes, ignoring volatile fields', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER, intervals: everySecond });
    const target = createFakeTarget();
    const reader = collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(2_500);
    target.answer = { state: 'OPEN', version: 2 };
    await vi.advanceTimersByTimeAsync(4_000);
    target.answer = { state: 'OPEN', version: 3 };
    await vi.advanceTimersByTimeAsync(2_500);
    expect(target.fetchTimes).toHaveLength(10);
    expect(reader.labels).toEqual(['value OPEN v1', 'value OPEN v2', 'value OPEN v3']);
    await hub.close();
  });
});

describe('slow subscribers', () => {
  it('neither hold up a fast subscriber nor see stale values: their pending values coalesce to the latest', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER, intervals: everySecond });
    const target = createFakeTarget();
    const fast = collect(hub.subscribe(target));
    const slow = hub.subscribe(target);
    await vi.advanceTimersByTimeAsync(0);
    for (let version = 2; version <= 6; version += 1) {
      target.answer = { state: 'OPEN', version };
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(fast.labels).toEqual([1, 2, 3, 4, 5, 6].map((v) => `value OPEN v${v}`));

    target.answer = { state: 'CLOSED', version: 7 };
    await vi.advanceTimersByTimeAsync(1_000);
    const slowSaw: string[] = [];
    for await (const event of slow) slowSaw.push(label(event));
    expect(slowSaw).toEqual(['value CLOSED v7', 'ended terminal']);
    expect(fast).toEqual({ labels: [...fast.labels.slice(0, 6), 'value CLOSED v7', 'ended terminal'], done: true });
  });
});

describe('snapshot', () => {
  it('returns the poller’s value while fresh, dated by the start of its fetch', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER, intervals: { PING: { baseMs: 2_000, maxMs: 2_000 } } });
    const target = createFakeTarget();
    expect(hub.snapshot(target.key, 10_000)).toBeUndefined();
    target.answer = 'hang';
    const reader = collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(300);
    target.answer = { state: 'OPEN', version: 1 };
    target.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(reader.labels).toEqual(['value OPEN v1']);
    expect(hub.snapshot<FakeSession>(target.key, 1_000)).toEqual({
      value: { state: 'OPEN', version: 1, fetchedAt: 300 },
      fetchedAt: 0,
    });

    await vi.advanceTimersByTimeAsync(1_500);
    expect(hub.snapshot(target.key, 1_000)).toBeUndefined();
    expect(hub.snapshot(target.key, 1_800)).toMatchObject({ fetchedAt: 0 });
    await hub.close();
    expect(hub.snapshot(target.key, 10_000)).toBeUndefined();
  });
});
