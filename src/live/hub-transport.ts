import type { UpstreamErrorCode } from '../upstreams/upstream-error.js';
import type { HubEvent } from './hub-event.js';

/** Where a key's stream stood when a new leader took it over, so the new poller continues it rather than starting over. */
export interface StreamResume {
  /** Fingerprint of the last value subscribers got: the new poller publishes a value only if it differs. */
  fingerprint?: string;
  /** Set while subscribers were last told `degraded` with this code: the new poller sends `recovered` on its first success, and no second `degraded` for the same code. */
  degradedCode?: UpstreamErrorCode;
}

/** Proof that this instance runs a key's poller; released when its last local subscriber leaves. */
export interface LeaderLease {
  release(): void;
  /** Left out when nobody polled the key before, or the transport keeps no record. */
  readonly resume?: StreamResume;
  /**
   * Registers `onLost`, called once if leadership ends without `release()` (the lease expired,
   * another instance took it, or the transport re-elected after reconnecting). The hub then stops
   * the poller and asks for leadership again. Left out by transports whose leases cannot be lost.
   */
  onLost?(onLost: () => void): void;
}

/**
 * How events and poll leadership travel between gateway instances. The hub never talks to its
 * own pollers directly: pollers publish here and subscribers listen here, so swapping the
 * in-memory transport for a shared one (Redis) spreads one poller's events over many instances.
 */
export interface HubTransport {
  /**
   * Deliver `event` to every listener of `key` (on every instance, for a shared transport).
   * `fingerprint` comes with each `value`, so a shared transport can record where the stream is.
   */
  publish(key: string, event: HubEvent<unknown>, fingerprint?: string): void;
  /** Listen to `key`'s events until the returned function is called. */
  subscribe(key: string, listener: (event: HubEvent<unknown>) => void): () => void;
  /**
   * Ask to run `key`'s poller. Resolves to a lease when this instance should poll. A shared
   * transport keeps trying while another instance polls, and resolves once this one takes over;
   * it resolves `undefined` when it stops trying (`signal` aborted, or a transport that never
   * hands leadership over), and this instance then only listens.
   */
  acquireLeadership(key: string, signal?: AbortSignal): Promise<LeaderLease | undefined>;
  /** Ask whichever instance polls `key` to poll now; nothing happens when none does. */
  requestPoll(key: string): void;
  /** Called by a leader: run `onRequest` on each `requestPoll(key)` until the returned function is called. */
  onPollRequest(key: string, onRequest: () => void): () => void;
}
