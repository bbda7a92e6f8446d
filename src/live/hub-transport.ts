import type { HubEvent } from './hub-event.js';

/** Proof that this instance runs a key's poller; released when its last local subscriber leaves. */
export interface LeaderLease {
  release(): void;
}

/**
 * How events and poll leadership travel between gateway instances. The hub never talks to its
 * own pollers directly: pollers publish here and subscribers listen here, so swapping the
 * in-memory transport for a shared one (Redis) spreads one poller's events over many instances.
 */
export interface HubTransport {
  /** Deliver `event` to every listener of `key` (on every instance, for a shared transport). */
  publish(key: string, event: HubEvent<unknown>): void;
  /** Listen to `key`'s events until the returned function is called. */
  subscribe(key: string, listener: (event: HubEvent<unknown>) => void): () => void;
  /**
   * Ask to run `key`'s poller. Resolves to a lease when this instance should poll, or
   * `undefined` when another instance already does (this one then only listens).
   */
  acquireLeadership(key: string): Promise<LeaderLease | undefined>;
  /** Ask whichever instance polls `key` to poll now; nothing happens when none does. */
  requestPoll(key: string): void;
  /** Called by a leader: run `onRequest` on each `requestPoll(key)` until the returned function is called. */
  onPollRequest(key: string, onRequest: () => void): () => void;
}
