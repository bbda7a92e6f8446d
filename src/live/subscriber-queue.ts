import { isFinalEvent, type HubEvent } from './hub-event.js';

/** One subscriber's events, read as an async iterator at the subscriber's own pace. */
export interface SubscriberQueue<T> extends AsyncIterableIterator<HubEvent<T>> {
  /** Queue an event for this subscriber. Ignored once the queue is closed. */
  push(event: HubEvent<T>): void;
  /** Unsubscribe: drop what is pending and complete, including any `next()` already waiting. */
  return(): Promise<IteratorReturnResult<undefined>>;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Creates a subscriber's queue. A slow reader never holds up the poller or other readers, and
 * its queue stays bounded (at most a value, a health event and a final event) because pending
 * events coalesce:
 * - a new `value` replaces any pending `value`: values are full snapshots, so only the latest matters;
 * - a new `degraded` or `recovered` replaces any pending one, and a `recovered` the reader never
 *   saw the matching `degraded` for is dropped: the reader sees the current health, not every blip;
 * - `ended` and `failed` are never dropped; they close the queue to further events and the
 *   iterator completes once they have been read.
 *
 * `onClose` runs once, when the queue stops accepting events for any reason (a final event,
 * `return()`), so the owner can unsubscribe it.
 */
export function createSubscriberQueue<T>(onClose: () => void): SubscriberQueue<T> {
  let pending: HubEvent<T>[] = [];
  const waiting: ((result: IteratorResult<HubEvent<T>, undefined>) => void)[] = [];
  /** False once a final event or `return()` closes the queue to further events. */
  let open = true;
  let readerSawDegraded = false;

  const read = (event: HubEvent<T>): IteratorResult<HubEvent<T>, undefined> => {
    if (event.type === 'degraded') readerSawDegraded = true;
    if (event.type === 'recovered') readerSawDegraded = false;
    return { done: false, value: event };
  };

  const enqueue = (event: HubEvent<T>): void => {
    const waiter = waiting.shift();
    if (waiter) waiter(read(event));
    else pending.push(event);
  };

  const queue: SubscriberQueue<T> = {
    push(event) {
      if (!open) return;
      if (isFinalEvent(event)) {
        open = false;
        enqueue(event);
        if (pending.length === 0) finishWaiting();
        onClose();
        return;
      }
      // Most pushes find nothing pending (the reader keeps up): then there is no queue to copy.
      if (event.type === 'value') {
        if (pending.length > 0) pending = pending.filter((e) => e.type !== 'value');
      } else {
        if (pending.length > 0) pending = pending.filter((e) => e.type !== 'degraded' && e.type !== 'recovered');
        if (event.type === 'recovered' && !readerSawDegraded) return;
      }
      enqueue(event);
    },
    next() {
      const event = pending.shift();
      if (event) return Promise.resolve(read(event));
      if (!open) return Promise.resolve(DONE);
      return new Promise((resolve) => waiting.push(resolve));
    },
    return() {
      const wasOpen = open;
      open = false;
      pending.length = 0;
      finishWaiting();
      if (wasOpen) onClose();
      return Promise.resolve(DONE);
    },
    [Symbol.asyncIterator]() {
      return queue;
    },
  };

  function finishWaiting(): void {
    for (const waiter of waiting.splice(0)) waiter(DONE);
  }

  return queue;
}
