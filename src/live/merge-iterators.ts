/**
 * Interleaves several async iterators into one, in arrival order. A source is pulled only while
 * the consumer asks for more, and at most one of its items waits here, so a slow reader leaves
 * the backlog in the sources (the hub's queues, which coalesce to the latest snapshot) instead of
 * growing a buffer. It completes when every source has; returning it returns every source.
 */
export function mergeIterators<T>(sources: readonly AsyncIterator<T>[]): AsyncIterableIterator<T> {
  const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
  const ready: { source: number; value: T }[] = [];
  const waiting: ((result: IteratorResult<T, undefined>) => void)[] = [];
  const pulling = new Set<number>();
  const finished = new Set<number>();
  let stopped = false;

  const allFinished = () => finished.size === sources.length;
  const settle = () => {
    if (allFinished()) for (const waiter of waiting.splice(0)) waiter(DONE);
  };
  const pull = (index: number) => {
    if (stopped || pulling.has(index) || finished.has(index) || ready.some((item) => item.source === index)) return;
    pulling.add(index);
    sources[index]!.next().then(
      (result) => {
        pulling.delete(index);
        if (stopped) return;
        if (result.done) {
          finished.add(index);
          return settle();
        }
        const waiter = waiting.shift();
        if (waiter) waiter({ done: false, value: result.value });
        else ready.push({ source: index, value: result.value });
      },
      () => {
        pulling.delete(index);
        finished.add(index);
        settle();
      },
    );
  };

  return {
    next() {
      const item = ready.shift();
      sources.forEach((_, index) => pull(index));
      if (item) return Promise.resolve({ done: false, value: item.value });
      if (stopped || allFinished()) return Promise.resolve(DONE);
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
