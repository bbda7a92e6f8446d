import type { UpstreamError } from '../upstreams/upstream-error.js';

/**
 * What a hub subscriber sees. Values are full snapshots, never diffs, so a subscriber that
 * missed some can always catch up from the latest one.
 */
export type HubEvent<T> =
  /** The first value, then each value whose fingerprint changed. */
  | { type: 'value'; value: T }
  /** A transient failure: the poller carries on. Sent when a failure streak starts, and again only if the error code changes. */
  | { type: 'degraded'; error: UpstreamError | Error; retryAfterMs: number }
  /** The first success after `degraded`; a `value` follows only if something changed. */
  | { type: 'recovered' }
  /** Sent after the `value` that reached a terminal state; the stream then completes. */
  | { type: 'ended'; reason: 'terminal' }
  /** A permanent failure (a non-transient UpstreamError, or anything else thrown); the stream then completes. */
  | { type: 'failed'; error: unknown };

/** The two events after which a stream completes. */
export function isFinalEvent<T>(event: HubEvent<T>): event is Extract<HubEvent<T>, { type: 'ended' | 'failed' }> {
  return event.type === 'ended' || event.type === 'failed';
}
