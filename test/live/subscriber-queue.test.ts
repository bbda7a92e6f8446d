import { describe, expect, it, vi } from 'vitest';
import type { HubEvent } from '../../src/live/hub-event.js';
import { createSubscriberQueue } from '../../src/live/subscriber-queue.js';
import { UpstreamError } from '../../src/upstreams/upstream-error.js';

type Event = HubEvent<number>;
const value = (n: number): Event => ({ type: 'value', value: n });
const degraded = (code: 'UPSTREAM_TIMEOUT' | 'UPSTREAM_UNAVAILABLE'): Event => ({
  type: 'degraded',
  error: new UpstreamError(code, 'PING', code),
  retryAfterMs: 1_000,
});
const recovered: Event = { type: 'recovered' };
const ended: Event = { type: 'ended', reason: 'terminal' };

async function readAll(queue: AsyncIterableIterator<Event>): Promise<string[]> {
  const seen: string[] = [];
  for await (const event of queue) {
    if (event.type === 'value') seen.push(`value ${event.value}`);
    else if (event.type === 'degraded') seen.push(`degraded ${(event.error as UpstreamError).code}`);
    else seen.push(event.type);
  }
  return seen;
}

describe('createSubscriberQueue', () => {
  it('delivers in order to a reader that keeps up', async () => {
    const queue = createSubscriberQueue<number>(() => {});
    const reading = readAll(queue);
    for (const event of [value(1), degraded('UPSTREAM_TIMEOUT'), recovered, value(2), ended]) {
      queue.push(event);
      await Promise.resolve();
    }
    expect(await reading).toEqual(['value 1', 'degraded UPSTREAM_TIMEOUT', 'recovered', 'value 2', 'ended']);
  });

  it('coalesces pending values to the latest for a slow reader, never dropping the final event', async () => {
    const queue = createSubscriberQueue<number>(() => {});
    for (let n = 1; n <= 1_000; n += 1) queue.push(value(n));
    queue.push(ended);
    queue.push(value(1_001));
    expect(await readAll(queue)).toEqual(['value 1000', 'ended']);
  });

  it('drops a degraded/recovered blip the reader never saw, but reports recovery from one it did see', async () => {
    const blip = createSubscriberQueue<number>(() => {});
    blip.push(value(1));
    blip.push(degraded('UPSTREAM_TIMEOUT'));
    blip.push(recovered);
    blip.push(value(2));
    blip.push(ended);
    expect(await readAll(blip)).toEqual(['value 2', 'ended']);

    const seen = createSubscriberQueue<number>(() => {});
    seen.push(degraded('UPSTREAM_TIMEOUT'));
    expect((await seen.next()).value).toMatchObject({ type: 'degraded' });
    seen.push(degraded('UPSTREAM_UNAVAILABLE'));
    seen.push(recovered);
    seen.push(ended);
    expect(await readAll(seen)).toEqual(['recovered', 'ended']);
  });

  it('keeps only the latest pending degraded when the error code changes', async () => {
    const queue = createSubscriberQueue<number>(() => {});
    queue.push(degraded('UPSTREAM_TIMEOUT'));
    queue.push(degraded('UPSTREAM_UNAVAILABLE'));
    queue.push(ended);
    expect(await readAll(queue)).toEqual(['degraded UPSTREAM_UNAVAILABLE', 'ended']);
  });

  it('return() completes a waiting next(), drops pending events and calls onClose once', async () => {
    const onClose = vi.fn();
    const queue = createSubscriberQueue<number>(onClose);
    const waiting = queue.next();
    await queue.return();
    expect(await waiting).toEqual({ done: true, value: undefined });
    queue.push(value(1));
    await queue.return();
    expect(await queue.next()).toEqual({ done: true, value: undefined });
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('calls onClose when a final event arrives, before it is read', async () => {
    const onClose = vi.fn();
    const queue = createSubscriberQueue<number>(onClose);
    queue.push({ type: 'failed', error: new Error('boom') });
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(await readAll(queue)).toEqual(['failed']);
    await queue.return();
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
