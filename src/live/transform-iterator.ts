/** What to do with one source item: pass a value on, skip it, and/or end the stream. */
export type Step<U> = { emit: U; end?: boolean } | { emit?: undefined; end: boolean };

/**
 * Maps an async iterator item by item. Unlike an async generator, its `return()` reaches the
 * source at once even while a `next()` is waiting, so a client that disconnects releases its
 * poller subscription immediately instead of after the session's next change.
 */
export function transformIterator<T, U>(source: AsyncIterator<T>, step: (item: T) => Step<U>): AsyncIterableIterator<U> {
  const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
  let ended = false;
  const finish = async (): Promise<IteratorReturnResult<undefined>> => {
    ended = true;
    await source.return?.();
    return DONE;
  };
  return {
    async next() {
      while (!ended) {
        const result = await source.next();
        if (result.done) {
          ended = true;
          break;
        }
        const outcome = step(result.value);
        if (outcome.end) {
          if (outcome.emit === undefined) return finish();
          void finish();
          return { done: false, value: outcome.emit };
        }
        if (outcome.emit !== undefined) return { done: false, value: outcome.emit };
      }
      return DONE;
    },
    return: finish,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
