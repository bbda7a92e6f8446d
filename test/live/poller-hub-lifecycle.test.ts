import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HubTransport, LeaderLease } from '../../src/live/hub-transport.js';
import { createMemoryTransport } from '../../src/live/memory-transport.js';
import { createPollerHub } from '../../src/live/poller-hub.js';
import { collect, createCountingTransport, createFakeTarget, NO_JITTER } from './fake-target.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const nothingLeft = { listeners: 0, pollHandlers: 0, leases: 0 };

describe('reference counting', () => {
  it('stops the poller when the last subscriber leaves, aborting the fetch in flight', async () => {
    const { transport, counts } = createCountingTransport();
    const hub = createPollerHub({ jitter: NO_JITTER, transport });
    const target = createFakeTarget();
    target.answer = 'hang';
    const iterators = [hub.subscribe(target), hub.subscribe(target), hub.subscribe(target)];
    await vi.advanceTimersByTimeAsync(0);
    expect(counts).toEqual({ listeners: 1, pollHandlers: 1, leases: 1 });

    await iterators[0]!.return!();
    await iterators[1]!.return!();
    expect(target.signals[0]!.aborted).toBe(false);
    await iterators[2]!.return!();
    expect(target.signals[0]!.aborted).toBe(true);
    expect(hub.stats()).toMatchObject({ activeSubscriptions: 0, activePollers: 0 });
    expect(vi.getTimerCount()).toBe(0);
    expect(counts).toEqual(nothingLeft);
  });

  it('keeps polling while anyone listens, and clears the timer when the last one leaves', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER, intervals: { PING: { baseMs: 1_000, maxMs: 1_000 } } });
    const target = createFakeTarget();
    const first = hub.subscribe(target);
    const second = hub.subscribe(target);
    await vi.advanceTimersByTimeAsync(0);
    await first.return!();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(target.fetchTimes).toEqual([0, 1_000]);
    expect(vi.getTimerCount()).toBe(1);
    await second.return!();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(target.fetchTimes).toEqual([0, 1_000]);
  });

  it('unsubscribes when for-await is left with break', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER });
    const target = createFakeTarget();
    for await (const event of hub.subscribe(target)) {
      expect(event.type).toBe('value');
      break;
    }
    expect(hub.stats()).toMatchObject({ activeSubscriptions: 0, activePollers: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('unsubscribes when the signal aborts, and removes its abort listener when it ends otherwise', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER });
    const target = createFakeTarget();
    const aborting = new AbortController();
    const other = new AbortController();
    const removeListener = vi.spyOn(other.signal, 'removeEventListener');
    const aborted = collect(hub.subscribe(target, aborting.signal));
    const returned = hub.subscribe(target, other.signal);
    await vi.advanceTimersByTimeAsync(0);
    aborting.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(aborted).toEqual({ labels: ['value OPEN v1'], done: true });
    expect(hub.stats().activeSubscriptions).toBe(1);
    await returned.return!();
    expect(removeListener).toHaveBeenCalledWith('abort', expect.any(Function));
    expect(hub.stats()).toMatchObject({ activeSubscriptions: 0, activePollers: 0 });
  });

  it('never polls for an already-aborted signal', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER });
    const target = createFakeTarget();
    const iterator = hub.subscribe(target, AbortSignal.abort());
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    await vi.advanceTimersByTimeAsync(0);
    expect(target.fetchTimes).toEqual([]);
  });

  it('leaves nothing behind after 10,000 subscribe/unsubscribe cycles', async () => {
    const { transport, counts } = createCountingTransport();
    const hub = createPollerHub({ jitter: NO_JITTER, transport });
    const targets = Array.from({ length: 7 }, (_, i) => createFakeTarget(`key-${i}`));
    const open: AsyncIterableIterator<unknown>[] = [];
    for (let i = 0; i < 10_000; i += 1) {
      open.push(hub.subscribe(targets[i % 7]!));
      if (open.length > 5) await open.shift()!.return!();
      if (i % 10 === 0) await vi.advanceTimersByTimeAsync(1);
    }
    expect(hub.stats().activeSubscriptions).toBe(5);
    for (const iterator of open) await iterator.return!();
    await vi.advanceTimersByTimeAsync(0);
    const polls = targets.reduce((sum, t) => sum + t.fetchTimes.length, 0);
    expect(polls).toBeGreaterThan(100);
    expect(hub.stats()).toMatchObject({ activeSubscriptions: 0, activePollers: 0, polls: { PING: polls } });
    expect(vi.getTimerCount()).toBe(0);
    expect(counts).toEqual(nothingLeft);
  });
});

describe('close', () => {
  it('completes every open iterator, including one waiting in next(), and stops all pollers', async () => {
    const { transport, counts } = createCountingTransport();
    const hub = createPollerHub({ jitter: NO_JITTER, transport });
    const a = createFakeTarget('a');
    const b = createFakeTarget('b');
    b.answer = 'hang';
    const readers = [collect(hub.subscribe(a)), collect(hub.subscribe(a)), collect(hub.subscribe(b))];
    await vi.advanceTimersByTimeAsync(0);
    await hub.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(readers).toEqual([
      { labels: ['value OPEN v1'], done: true },
      { labels: ['value OPEN v1'], done: true },
      { labels: [], done: true },
    ]);
    expect(b.signals[0]!.aborted).toBe(true);
    expect(hub.stats()).toMatchObject({ activeSubscriptions: 0, activePollers: 0 });
    expect(vi.getTimerCount()).toBe(0);
    expect(counts).toEqual(nothingLeft);

    expect(await hub.subscribe(a).next()).toEqual({ done: true, value: undefined });
    await vi.advanceTimersByTimeAsync(0);
    expect(a.fetchTimes).toEqual([0]);
  });
});

describe('the transport seam', () => {
  it('lets a follower instance serve subscribers from events another instance publishes', async () => {
    const { transport, counts } = createCountingTransport({ lead: false });
    const hub = createPollerHub({ jitter: NO_JITTER, transport });
    const target = createFakeTarget();
    const reader = collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(0);
    transport.publish(target.key, { type: 'value', value: { state: 'OPEN', version: 9, fetchedAt: 0 } });
    transport.publish(target.key, { type: 'ended', reason: 'terminal' });
    await vi.advanceTimersByTimeAsync(0);
    expect(target.fetchTimes).toEqual([]);
    expect(reader).toEqual({ labels: ['value OPEN v9', 'ended terminal'], done: true });
    expect(counts).toEqual(nothingLeft);
  });

  it('shares one poller between two hubs when the transport grants one leader, and routes pokes to it', async () => {
    const shared = createMemoryTransport();
    const leaders = new Set<string>();
    const transport: HubTransport = {
      ...shared,
      acquireLeadership(key) {
        if (leaders.has(key)) return Promise.resolve(undefined);
        leaders.add(key);
        return Promise.resolve({ release: () => leaders.delete(key) });
      },
    };
    const leader = createPollerHub({ jitter: NO_JITTER, transport });
    const follower = createPollerHub({ jitter: NO_JITTER, transport });
    const target = createFakeTarget();
    const onLeader = collect(leader.subscribe(target));
    const onFollower = collect(follower.subscribe(target));
    await vi.advanceTimersByTimeAsync(0);
    target.answer = { state: 'CLOSED', version: 2 };
    follower.pokeNow(target.key);
    await vi.advanceTimersByTimeAsync(0);
    expect(target.fetchTimes).toEqual([0, 0]);
    const seen = { labels: ['value OPEN v1', 'value CLOSED v2', 'ended terminal'], done: true };
    expect([onLeader, onFollower]).toEqual([seen, seen]);
    expect(leaders.size).toBe(0);
  });

  it('releases a lease granted after the last subscriber already left, without polling', async () => {
    let grant: (lease: LeaderLease) => void = () => {};
    const release = vi.fn();
    const transport: HubTransport = {
      ...createMemoryTransport(),
      acquireLeadership: () => new Promise((resolve) => (grant = resolve)),
    };
    const hub = createPollerHub({ jitter: NO_JITTER, transport });
    const target = createFakeTarget();
    await hub.subscribe(target).return!();
    grant({ release });
    await vi.advanceTimersByTimeAsync(0);
    expect(release).toHaveBeenCalledTimes(1);
    expect(target.fetchTimes).toEqual([]);
    expect(hub.stats().activePollers).toBe(0);
  });

  it('fails the subscribers when leadership cannot be decided', async () => {
    const transport: HubTransport = {
      ...createMemoryTransport(),
      acquireLeadership: () => Promise.reject(new Error('redis down')),
    };
    const hub = createPollerHub({ jitter: NO_JITTER, transport });
    const reader = collect(hub.subscribe(createFakeTarget()));
    await vi.advanceTimersByTimeAsync(0);
    expect(reader).toEqual({ labels: ['failed Error: redis down'], done: true });
    expect(hub.stats().activeSubscriptions).toBe(0);
  });
});

describe('options', () => {
  it('rejects settings that would poll in a tight loop', () => {
    expect(() => createPollerHub({ jitter: NO_JITTER, idleBackoffFactor: 0.5 })).toThrow(RangeError);
    expect(() => createPollerHub({ jitter: NO_JITTER, intervals: { PING: { baseMs: 0, maxMs: 1_000 } } })).toThrow(/intervals.PING/);
    expect(() => createPollerHub({ jitter: NO_JITTER, errorBackoff: { baseMs: 5_000, maxMs: 1_000 } })).toThrow(/errorBackoff/);
  });
});
