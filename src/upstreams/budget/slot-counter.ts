import type { Clock } from '../../live/clock.js';

/** The answer to "may one more call go in this window?". */
export interface SlotGrant {
  taken: boolean;
  /** When not taken: how long until the window turns and slots free up. */
  waitMs: number;
  /** Slots taken in the current window after this call (this one included), when the counter knows. */
  count?: number;
}

/** Counts calls per one-second window; the budget decides the ceiling for each caller. */
export interface SlotCounter {
  /** Takes one slot if fewer than `ceiling` were taken in the current window. */
  take(ceiling: number): SlotGrant | Promise<SlotGrant>;
}

export const WINDOW_MS = 1_000;

/**
 * One replica's counter: fixed one-second windows, answered synchronously so a query's admission
 * costs two comparisons and no promise. (rate-limiter-flexible's RateLimiterMemory answers with a
 * promise and a timer per key, which is what the hot path must not pay for.)
 */
export function createMemorySlotCounter(clock: Pick<Clock, 'now'>): { take(ceiling: number): SlotGrant } {
  let windowStart = 0;
  let taken = 0;
  return {
    take(ceiling) {
      const now = clock.now();
      if (now - windowStart >= WINDOW_MS) {
        windowStart = now - (now % WINDOW_MS);
        taken = 0;
      }
      if (taken < ceiling) {
        taken += 1;
        return { taken: true, waitMs: 0, count: taken };
      }
      return { taken: false, waitMs: windowStart + WINDOW_MS - now, count: taken };
    },
  };
}
