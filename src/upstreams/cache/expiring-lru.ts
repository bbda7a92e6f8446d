/** A bounded map whose entries expire: the least recently read goes first when it is full. */
export interface ExpiringLru<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  delete(key: string): void;
  /** Deletes every entry whose key passes the test: O(entries), for rare, broad invalidations. */
  deleteWhere(test: (key: string) => boolean): void;
  readonly size: number;
}

/**
 * Map keeps insertion order, so deleting and re-inserting on each hit makes the first key the
 * least recently used one: O(1) per operation, no list of its own. Expired entries are dropped
 * when read, or pushed out by newer ones.
 */
export function createExpiringLru<V>(options: { maxEntries: number; ttlMs: number; now: () => number }): ExpiringLru<V> {
  const { maxEntries, ttlMs, now } = options;
  if (!(maxEntries >= 1)) throw new RangeError(`maxEntries must be >= 1, got ${maxEntries}`);
  if (!(ttlMs > 0)) throw new RangeError(`ttlMs must be > 0, got ${ttlMs}`);
  const entries = new Map<string, { value: V; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + ttlMs });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    delete(key) {
      entries.delete(key);
    },
    deleteWhere(test) {
      for (const key of [...entries.keys()]) if (test(key)) entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
