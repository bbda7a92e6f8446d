/**
 * Interleaves several async iterators into one, in arrival order. It completes when every source
 * has, and returning it returns every source, so no poller subscription outlives its consumer.
 */
export function mergeIterators<T>(sources: readonly AsyncIterator<T>[]): AsyncIterableIterator<T> {
  const ready: T[] = [];
  const waiting: ((result: IteratorResult<T, undefined>) => void)[] = [];
  const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
  let live = sources.length;
  let stopped = false;

  const pump = async (source: AsyncIterator<T>) => {
    try {
      for (let result = await source.next(); !result.done && !stopped; result = await source.next()) {
        const waiter = waiting.shift();
        if (waiter) waiter({ done: false, value: result.value });
        else ready.push(result.value);
      }
    } finally {
      live -= 1;
      if (live === 0) for (const waiter of waiting.splice(0)) waiter(DONE);
    }
  };
  for (const source of sources) void pump(source).catch(() => undefined);

  return {
    next() {
      if (ready.length > 0) return Promise.resolve({ done: false, value: ready.shift()! });
      if (live === 0 || stopped) return Promise.resolve(DONE);
      return new Promise((resolve) => waiting.push(resolve));
    },
    async return() {
      stopped = true;
      ready.length = 0;
      for (const waiter of waiting.splice(0)) waiter(DONE);
      await Promise.all(sources.map((source) => source.return?.()));
      return DONE;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
