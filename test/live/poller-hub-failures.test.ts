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

const settings = {
  jitter: NO_JITTER,
  intervals: { PING: { baseMs: 1_000, maxMs: 1_000 } },
  errorBackoff: { baseMs: 1_000, maxMs: 8_000, jitter: 'full' as const },
  random: () => 0.5,
};

describe('transient failures', () => {
  it('reports degraded once per streak (again only on a new code), then recovered, and keeps the stream open', async () => {
    const hub = createPollerHub(settings);
    const target = createFakeTarget();
    const reader = collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(500);
    target.answer = { error: new UpstreamError('UPSTREAM_UNAVAILABLE', 'PING', 'down', { upstreamStatus: 503 }) };
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.advanceTimersByTimeAsync(500);
    target.answer = { error: new UpstreamError('UPSTREAM_TIMEOUT', 'PING', 'slow') };
    await vi.advanceTimersByTimeAsync(1_000);
    target.answer = { state: 'OPEN', version: 1 };
    await vi.advanceTimersByTimeAsync(2_000);
    expect(target.fetchTimes).toEqual([0, 1_000, 1_500, 2_500, 4_500]);
    expect(reader.labels).toEqual([
      'value OPEN v1',
      'degraded UPSTREAM_UNAVAILABLE in 500',
      'degraded UPSTREAM_TIMEOUT in 2000',
      'recovered',
    ]);

    target.answer = { state: 'OPEN', version: 2 };
    await vi.advanceTimersByTimeAsync(1_000);
    expect(reader).toEqual({ labels: [...reader.labels.slice(0, 4), 'value OPEN v2'], done: false });
    expect(hub.stats()).toMatchObject({ activePollers: 1, pollErrors: { PING: 3 } });
    await hub.close();
  });

  it('replays the current degraded to a subscriber who joins during the streak', async () => {
    const hub = createPollerHub(settings);
    const target = createFakeTarget();
    collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(500);
    target.answer = { error: new UpstreamError('UPSTREAM_UNAVAILABLE', 'PING', 'down') };
    await vi.advanceTimersByTimeAsync(1_000);
    const late = collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(0);
    expect(late.labels).toEqual(['value OPEN v1', 'degraded UPSTREAM_UNAVAILABLE in 500']);
    await hub.close();
  });
});

describe('permanent failures', () => {
  it('send failed to every subscriber, complete them, and stop the poller', async () => {
    const hub = createPollerHub(settings);
    const target = createFakeTarget();
    const readers = [collect(hub.subscribe(target)), collect(hub.subscribe(target)), collect(hub.subscribe(target))];
    await vi.advanceTimersByTimeAsync(500);
    target.answer = { error: new UpstreamError('NOT_FOUND', 'PING', 'gone', { upstreamStatus: 404 }) };
    await vi.advanceTimersByTimeAsync(500);
    expect(readers).toEqual(
      Array.from({ length: 3 }, () => ({ labels: ['value OPEN v1', 'failed NOT_FOUND'], done: true })),
    );
    expect(hub.stats()).toMatchObject({ activeSubscriptions: 0, activePollers: 0, pollErrors: { PING: 1 } });
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(target.fetchTimes).toEqual([0, 1_000]);
  });

  it('treat anything that is not an UpstreamError as permanent', async () => {
    const hub = createPollerHub(settings);
    const target = createFakeTarget();
    target.answer = { error: new TypeError('boom') };
    const reader = collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(0);
    expect(reader).toEqual({ labels: ['failed TypeError: boom'], done: true });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('terminal states', () => {
  it('send the terminal value, then ended, and stop; a later subscriber gets a fresh poller', async () => {
    const hub = createPollerHub(settings);
    const target = createFakeTarget();
    const readers = [collect(hub.subscribe(target)), collect(hub.subscribe(target))];
    await vi.advanceTimersByTimeAsync(500);
    target.answer = { state: 'CLOSED', version: 2 };
    await vi.advanceTimersByTimeAsync(500);
    const ended = { labels: ['value OPEN v1', 'value CLOSED v2', 'ended terminal'], done: true };
    expect(readers).toEqual([ended, ended]);
    expect(hub.stats()).toMatchObject({ activeSubscriptions: 0, activePollers: 0 });
    expect(vi.getTimerCount()).toBe(0);

    const late = collect(hub.subscribe(target));
    await vi.advanceTimersByTimeAsync(0);
    expect(late).toEqual({ labels: ['value CLOSED v2', 'ended terminal'], done: true });
    expect(target.fetchTimes).toEqual([0, 1_000, 1_000]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
