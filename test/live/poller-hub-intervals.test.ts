import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPollerHub } from '../../src/live/poller-hub.js';
import { UpstreamError } from '../../src/upstreams/upstream-error.js';
import { collect, createFakeTarget, NO_JITTER } from './fake-target.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const unavailable = () => new UpstreamError('UPSTREAM_UNAVAILABLE', 'PING', 'ping answered 503', { upstreamStatus: 503 });

/** Returns the given numbers in turn, so each retry's jitter is known. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

describe('idle backoff', () => {
  it('stretches the interval by the factor per unchanged poll up to maxMs, and resets it on change', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER, intervals: { PING: { baseMs: 1_000, maxMs: 8_000 } }, idleBackoffFactor: 2 });
    const target = createFakeTarget();
    const reader = collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(target.fetchTimes).toEqual([0, 1_000, 3_000, 7_000, 15_000]);

    target.answer = { state: 'OPEN', version: 2 };
    await vi.advanceTimersByTimeAsync(6_000);
    expect(target.fetchTimes.slice(5)).toEqual([23_000, 24_000, 26_000]);
    expect(reader.labels).toEqual(['value OPEN v1', 'value OPEN v2']);
    await hub.close();
  });

  it('uses each provider’s own interval', async () => {
    const hub = createPollerHub({
      jitter: NO_JITTER,
      intervals: { PING: { baseMs: 1_000, maxMs: 1_000 }, KADOA: { baseMs: 5_000, maxMs: 5_000 } },
    });
    const ping = createFakeTarget('ping-key', 'PING');
    const kadoa = createFakeTarget('kadoa-key', 'KADOA');
    collect(hub.subscribe(ping));
    collect(hub.subscribe(kadoa));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ping.fetchTimes).toHaveLength(11);
    expect(kadoa.fetchTimes).toEqual([0, 5_000, 10_000]);
    await hub.close();
  });
});

describe('error backoff', () => {
  it('backs off exponentially with the injected jitter, then recovers with the first value', async () => {
    const hub = createPollerHub({
      jitter: NO_JITTER,
      errorBackoff: { baseMs: 1_000, maxMs: 8_000, jitter: 'full' },
      random: sequence(0.1, 0.9, 0.5, 0.3, 0.25),
    });
    const target = createFakeTarget();
    target.answer = { error: unavailable() };
    const reader = collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(7_000);
    // Ceilings 1000, 2000, 4000, 8000 times 0.1, 0.9, 0.5, 0.3.
    expect(target.fetchTimes).toEqual([0, 100, 1_900, 3_900, 6_300]);
    expect(reader.labels).toEqual(['degraded UPSTREAM_UNAVAILABLE in 100']);

    target.answer = { state: 'OPEN', version: 1 };
    await vi.advanceTimersByTimeAsync(1_300);
    expect(target.fetchTimes.slice(5)).toEqual([8_300]);
    expect(reader.labels).toEqual(['degraded UPSTREAM_UNAVAILABLE in 100', 'recovered', 'value OPEN v1']);
    expect(hub.stats().pollErrors.PING).toBe(5);
    await hub.close();
  });

  it('waits at least Retry-After on RATE_LIMITED, even when poked', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER, random: () => 0.5 });
    const target = createFakeTarget();
    target.answer = {
      error: new UpstreamError('RATE_LIMITED', 'PING', 'ping answered 429', { upstreamStatus: 429, retryAfterMs: 10_000 }),
    };
    const reader = collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(5_000);
    hub.pokeNow(target.key);
    target.answer = { state: 'OPEN', version: 1 };
    await vi.advanceTimersByTimeAsync(4_999);
    expect(target.fetchTimes).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(target.fetchTimes).toEqual([0, 10_000]);
    expect(reader.labels).toEqual(['degraded RATE_LIMITED in 10000', 'recovered', 'value OPEN v1']);
    await hub.close();
  });
});

describe('pokeNow', () => {
  it('polls at once instead of waiting for the timer', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER });
    const target = createFakeTarget();
    const reader = collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(100);
    target.answer = { state: 'CLOSED', version: 2 };
    hub.pokeNow(target.key);
    await vi.advanceTimersByTimeAsync(0);
    expect(target.fetchTimes).toEqual([0, 100]);
    expect(reader).toEqual({ labels: ['value OPEN v1', 'value CLOSED v2', 'ended terminal'], done: true });
  });

  it('polls again right after a fetch that was in flight', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER });
    const target = createFakeTarget();
    target.answer = 'hang';
    collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(0);
    hub.pokeNow(target.key);
    await vi.advanceTimersByTimeAsync(300);
    expect(target.fetchTimes).toEqual([0]);
    target.answer = { state: 'OPEN', version: 1 };
    target.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(target.fetchTimes).toEqual([0, 300]);
    await hub.close();
  });

  it('does nothing for a key nobody watches', async () => {
    const hub = createPollerHub({ jitter: NO_JITTER });
    const target = createFakeTarget();
    hub.pokeNow(target.key);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(target.fetchTimes).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
