import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HubTransport, LeaderLease, StreamResume } from '../../src/live/hub-transport.js';
import { createMemoryTransport } from '../../src/live/memory-transport.js';
import { createPollerHub } from '../../src/live/poller-hub.js';
import { UpstreamError } from '../../src/upstreams/upstream-error.js';
import { collect, createFakeTarget, NO_JITTER } from './fake-target.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const everySecond = { intervals: { PING: { baseMs: 1_000, maxMs: 1_000 } }, idleBackoffFactor: 1 };

/** A transport that hands out leases only when the test says, and lets the test take them away. */
function createElection() {
  const inner = createMemoryTransport();
  const bids: { key: string; signal?: AbortSignal; grant(resume?: StreamResume): { lose(): void; released(): boolean } }[] = [];
  const fingerprints: (string | undefined)[] = [];
  const transport: HubTransport = {
    ...inner,
    publish(key, event, fingerprint) {
      if (event.type === 'value') fingerprints.push(fingerprint);
      inner.publish(key, event);
    },
    acquireLeadership(key, signal) {
      return new Promise((resolve) => {
        bids.push({
          key,
          signal,
          grant(resume) {
            let onLost = (): void => {};
            let released = false;
            const lease: LeaderLease = { resume, release: () => (released = true), onLost: (listener) => (onLost = listener) };
            resolve(lease);
            return { lose: () => onLost(), released: () => released };
          },
        });
      });
    },
  };
  return { transport, bids, fingerprints };
}

describe('leadership that can move', () => {
  it('stops polling when the lease is lost, bids again, and polls again once re-elected', async () => {
    const { transport, bids } = createElection();
    const hub = createPollerHub({ jitter: NO_JITTER, ...everySecond, transport });
    const target = createFakeTarget();
    const reader = collect(hub.subscribe(target));
    expect(bids).toHaveLength(1);
    const first = bids[0]!.grant();
    await vi.advanceTimersByTimeAsync(1_500);
    expect(target.fetchTimes).toEqual([0, 1_000]);

    target.answer = 'hang';
    await vi.advanceTimersByTimeAsync(500);
    first.lose();
    expect(target.signals.at(-1)!.aborted).toBe(true);
    expect(hub.stats().activePollers).toBe(0);
    expect(bids).toHaveLength(2);
    expect(bids[1]!.signal!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(target.fetchTimes).toEqual([0, 1_000, 2_000]);

    target.answer = { state: 'OPEN', version: 2 };
    bids[1]!.grant({ fingerprint: 'OPEN:1' });
    await vi.advanceTimersByTimeAsync(0);
    expect(target.fetchTimes).toEqual([0, 1_000, 2_000, 7_000]);
    expect(reader.labels).toEqual(['value OPEN v1', 'value OPEN v2']);
    expect(first.released()).toBe(false);
    await hub.close();
  });

  it('does not repeat a value the previous leader already published', async () => {
    const { transport, bids, fingerprints } = createElection();
    const hub = createPollerHub({ jitter: NO_JITTER, ...everySecond, transport });
    const target = createFakeTarget();
    const reader = collect(hub.subscribe(target));
    // Another instance published v1 and died; this one's subscriber got it over the transport.
    transport.publish(target.key, { type: 'value', value: { state: 'OPEN', version: 1, fetchedAt: 0 } }, 'OPEN:1');
    bids[0]!.grant({ fingerprint: 'OPEN:1' });
    await vi.advanceTimersByTimeAsync(2_500);
    expect(target.fetchTimes).toEqual([0, 1_000, 2_000]);
    target.answer = { state: 'OPEN', version: 2 };
    await vi.advanceTimersByTimeAsync(1_000);
    expect(reader.labels).toEqual(['value OPEN v1', 'value OPEN v2']);
    expect(fingerprints).toEqual(['OPEN:1', 'OPEN:2']);
    await hub.close();
  });

  it('continues a degraded stream: recovered on the first success, no second degraded for the same code', async () => {
    const { transport, bids } = createElection();
    const hub = createPollerHub({ jitter: NO_JITTER, ...everySecond, transport, errorBackoff: { baseMs: 1_000, maxMs: 1_000, jitter: 'full' }, random: () => 1 });
    const target = createFakeTarget();
    const reader = collect(hub.subscribe(target));
    const down = new UpstreamError('UPSTREAM_UNAVAILABLE', 'PING', 'down');
    // The previous leader's last words, as this instance's subscriber got them.
    transport.publish(target.key, { type: 'value', value: { state: 'OPEN', version: 1, fetchedAt: 0 } }, 'OPEN:1');
    transport.publish(target.key, { type: 'degraded', error: down, retryAfterMs: 1_000 });
    target.answer = { error: down };
    bids[0]!.grant({ fingerprint: 'OPEN:1', degradedCode: 'UPSTREAM_UNAVAILABLE' });
    await vi.advanceTimersByTimeAsync(500);
    expect(target.fetchTimes).toEqual([0]);
    target.answer = { state: 'OPEN', version: 1 };
    await vi.advanceTimersByTimeAsync(1_000);
    expect(target.fetchTimes).toEqual([0, 1_000]);
    expect(reader.labels).toEqual(['value OPEN v1', 'degraded UPSTREAM_UNAVAILABLE in 1000', 'recovered']);
    await hub.close();
  });

  it('withdraws a pending bid when the last subscriber leaves, and does not bid again after a loss', async () => {
    const { transport, bids } = createElection();
    const hub = createPollerHub({ jitter: NO_JITTER, ...everySecond, transport });
    await hub.subscribe(createFakeTarget('a')).return!();
    expect(bids[0]!.signal!.aborted).toBe(true);

    const iterator = hub.subscribe(createFakeTarget('b'));
    const lease = bids[1]!.grant();
    await vi.advanceTimersByTimeAsync(0);
    await iterator.return!();
    expect(lease.released()).toBe(true);
    lease.lose();
    expect(bids).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
    await hub.close();
  });
});
