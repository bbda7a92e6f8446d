/** A client asked to watch more sessions at once than it may. Its code reaches GraphQL clients verbatim. */
export class WatchLimitError extends Error {
  override readonly name = 'WatchLimitError';
  readonly code = 'WATCH_LIMIT_EXCEEDED';

  constructor(
    readonly limit: number,
    readonly watching: number,
    readonly requested: number,
  ) {
    super(`A client may watch at most ${limit} sessions at once; it watches ${watching} and asked for ${requested} more`);
  }
}

/** Proof that a client's sessions were counted; give it back when the subscription ends. */
export interface WatchTicket {
  /** Idempotent. */
  release(): void;
}

/**
 * Counts distinct watched sessions per client, so one client can't make the gateway poll
 * thousands of sessions. Checked when a subscription joins, so the refusal is an error at
 * subscribe time rather than a stream that never speaks. The returned function counts `keys`
 * against the client's limit, or throws WatchLimitError and counts nothing; keys it already watches are free.
 */
export function createWatchLimit(max: number): (clientId: string, keys: readonly string[]) => WatchTicket {
  const clients = new Map<string, Map<string, number>>();
  return (clientId, keys) => {
    const watched = clients.get(clientId) ?? new Map<string, number>();
    const unique = [...new Set(keys)];
    const added = unique.filter((key) => !watched.has(key)).length;
    if (watched.size + added > max) throw new WatchLimitError(max, watched.size, added);
    for (const key of unique) watched.set(key, (watched.get(key) ?? 0) + 1);
    clients.set(clientId, watched);
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        for (const key of unique) {
          const count = (watched.get(key) ?? 1) - 1;
          if (count > 0) watched.set(key, count);
          else watched.delete(key);
        }
        if (watched.size === 0 && clients.get(clientId) === watched) clients.delete(clientId);
      },
    };
  };
}

/** The same stream, which gives its ticket back when it ends: run out, returned (a client leaving) or thrown into. */
export function releasedOnEnd<T>(source: AsyncIterableIterator<T>, ticket: WatchTicket): AsyncIterableIterator<T> {
  const ended = <R>(result: IteratorResult<T, R>): IteratorResult<T, R> => {
    if (result.done) ticket.release();
    return result;
  };
  const failed = (error: unknown): never => {
    ticket.release();
    throw error;
  };
  return {
    next: () => source.next().then(ended, failed),
    return: (value?: unknown) => {
      ticket.release();
      return source.return ? source.return(value) : Promise.resolve({ done: true, value: undefined });
    },
    throw: (error?: unknown) => {
      ticket.release();
      return source.throw ? source.throw(error) : Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
