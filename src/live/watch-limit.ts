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

export interface WatchLimit {
  /** Counts `keys` against the client's limit, or throws WatchLimitError and counts nothing. Keys it already watches are free. */
  reserve(clientId: string, keys: readonly string[]): WatchTicket;
  /** Distinct sessions the client watches now. */
  watching(clientId: string): number;
}

/**
 * Counts distinct watched sessions per client, so one client can't make the gateway poll
 * thousands of sessions. Checked when a subscription joins, so the refusal is an error at
 * subscribe time rather than a stream that never speaks.
 */
export function createWatchLimit(max: number): WatchLimit {
  const clients = new Map<string, Map<string, number>>();
  return {
    reserve(clientId, keys) {
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
    },
    watching: (clientId) => clients.get(clientId)?.size ?? 0,
  };
}
