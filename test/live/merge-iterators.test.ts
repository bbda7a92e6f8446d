import { describe, expect, it } from 'vitest';
import { mergeIterators } from '../../src/live/merge-iterators.js';

/** An endless source that counts how often it was pulled. */
function counting(name: string) {
  let pulls = 0;
  const source: AsyncIterator<string> & { pulls(): number } = {
    next: async () => ({ done: false, value: `${name}${pulls++}` }),
    return: async () => ({ done: true, value: undefined }),
    pulls: () => pulls,
  };
  return source;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('mergeIterators', () => {
  it('pulls a source only while the consumer asks, holding at most one item per source', async () => {
    const a = counting('a');
    const b = counting('b');
    const merged = mergeIterators([a, b]);
    const first = await merged.next();
    await settle();
    // A reader that stops here leaves the backlog in the sources: nothing is buffered beyond one each.
    expect(a.pulls() + b.pulls()).toBeLessThanOrEqual(3);
    const seen = [first.value];
    for (let i = 0; i < 5; i += 1) seen.push((await merged.next()).value);
    await settle();
    expect(a.pulls() + b.pulls()).toBeLessThanOrEqual(seen.length + 2);
    expect(new Set(seen.map((v) => String(v)[0]))).toEqual(new Set(['a', 'b']));
    await merged.return!();
  });

  it('completes when every source has, and returning it returns every source', async () => {
    let returned = 0;
    const finite = (values: number[]): AsyncIterator<number> => {
      const it = values[Symbol.iterator]();
      return { next: async () => it.next() as IteratorResult<number>, return: async () => (returned++, { done: true, value: undefined }) };
    };
    const merged = mergeIterators([finite([1, 2]), finite([3])]);
    const values: number[] = [];
    for await (const value of merged) values.push(value);
    expect(values.sort()).toEqual([1, 2, 3]);

    const endless = mergeIterators([finite([1, 2, 3]), counting('x') as unknown as AsyncIterator<number>]);
    await endless.next();
    await endless.return!();
    expect(returned).toBe(1);
    expect(await endless.next()).toEqual({ done: true, value: undefined });
  });
});
