import { describe, expect, it } from 'vitest';
import { createConcurrencyLimit, QueueFull } from '../../src/upstreams/http/concurrency-limit.js';

function deferred() {
  let resolve!: (value: string) => void;
  const promise = new Promise<string>((r) => (resolve = r));
  return { promise, resolve };
}

describe('concurrency limit', () => {
  it('runs at most maxConcurrent tasks at once, the rest in arrival order', async () => {
    const limit = createConcurrencyLimit({ maxConcurrent: 2, maxQueued: 10 });
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const results = gates.map((gate, i) =>
      limit.run(() => {
        started.push(i);
        return gate.promise;
      }),
    );
    expect(started).toEqual([0, 1]);
    expect([limit.active, limit.queued]).toEqual([2, 2]);
    gates[1]!.resolve('b');
    await results[1];
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve('a');
    gates[2]!.resolve('c');
    gates[3]!.resolve('d');
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect([limit.active, limit.queued]).toEqual([0, 0]);
  });

  it('refuses at once, without running it, a task beyond the queue', async () => {
    const limit = createConcurrencyLimit({ maxConcurrent: 1, maxQueued: 1 });
    const gate = deferred();
    const running = limit.run(() => gate.promise);
    const waiting = limit.run(async () => 'second');
    let ran = false;
    await expect(
      limit.run(async () => {
        ran = true;
        return 'third';
      }),
    ).rejects.toBeInstanceOf(QueueFull);
    expect(ran).toBe(false);
    gate.resolve('first');
    expect([await running, await waiting]).toEqual(['first', 'second']);
  });

  it('frees the slot when a task fails', async () => {
    const limit = createConcurrencyLimit({ maxConcurrent: 1, maxQueued: 1 });
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit.run(async () => 'next')).toBe('next');
  });

  it('drops a waiter whose signal aborts, with the signal reason, and never runs it', async () => {
    const limit = createConcurrencyLimit({ maxConcurrent: 1, maxQueued: 5 });
    const gate = deferred();
    const running = limit.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const waiting = limit.run(async () => {
      ran = true;
      return 'never';
    }, controller.signal);
    const reason = new Error('deadline');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(limit.queued).toBe(0);
    gate.resolve('done');
    await running;
    expect(ran).toBe(false);
  });

  it('refuses a task whose signal has already aborted', async () => {
    const limit = createConcurrencyLimit({ maxConcurrent: 1, maxQueued: 1 });
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(limit.run(async () => 'x', controller.signal)).rejects.toThrow('gone');
    expect(limit.active).toBe(0);
  });
});
