import { isUpstreamError, type UpstreamErrorCode } from '../upstreams/upstream-error.js';
import type { HubEvent } from './hub-event.js';
import type { StreamResume } from './hub-transport.js';
import type { SequencedEvent } from './hub-event-wire.js';

/** One instance's view of one key's stream: which events its listeners have had, so none arrives twice or out of order. */
export interface StreamFilter {
  /** An event from the cluster. Returns what to deliver: nothing when it is not newer than the last taken, or while a catch-up is pending (it then waits for it). */
  fromCluster(message: SequencedEvent): HubEvent<unknown>[];
  /** An event from this instance's own poller on the in-memory path (local fallback). */
  fromLocal(event: HubEvent<unknown>, fingerprint?: string): HubEvent<unknown>[];
  /** Hold cluster events until `finish` brings the stored record read now; then deliver both in sequence order. */
  catchUp(): { finish(stored: readonly SequencedEvent[]): HubEvent<unknown>[] };
  /** What the listeners have seen, for a poller that starts on this instance. */
  seen(): StreamResume;
}

/**
 * Creates the filter. Two rules, because events reach an instance by two paths (Redis pub/sub
 * and catch-up reads, or its own poller while Redis is away) and leaders change:
 * - order: a cluster event whose sequence is not past the last one taken is dropped;
 * - state: an event that would not change what listeners know is dropped: a value with the
 *   fingerprint they already have, a `degraded` with the code they already have, a `recovered`
 *   while healthy. A poller never publishes such an event, so it can only be a duplicate.
 */
export function createStreamFilter(): StreamFilter {
  let position: { epoch: string; seq: number } | undefined;
  let fingerprint: string | undefined;
  let health: { degraded: false } | { degraded: true; code: UpstreamErrorCode | undefined } = { degraded: false };
  let pendingCatchUps = 0;
  let held: SequencedEvent[] = [];

  const changesState = (event: HubEvent<unknown>, eventFingerprint: string | undefined): boolean => {
    switch (event.type) {
      case 'value':
        if (eventFingerprint !== undefined && eventFingerprint === fingerprint) return false;
        fingerprint = eventFingerprint;
        return true;
      case 'degraded': {
        const code = isUpstreamError(event.error) ? event.error.code : undefined;
        if (health.degraded && health.code === code) return false;
        health = { degraded: true, code };
        return true;
      }
      case 'recovered':
        if (!health.degraded) return false;
        health = { degraded: false };
        return true;
      default:
        return true;
    }
  };

  const take = (message: SequencedEvent): HubEvent<unknown>[] => {
    // A new epoch means the cluster's record was lost (Redis restarted empty, or it expired): numbering starts over.
    if (position?.epoch === message.epoch && message.seq <= position.seq) return [];
    position = { epoch: message.epoch, seq: message.seq };
    return changesState(message.event, message.fingerprint) ? [message.event] : [];
  };

  return {
    fromCluster(message) {
      if (pendingCatchUps === 0) return take(message);
      held.push(message);
      return [];
    },
    fromLocal: (event, eventFingerprint) => (changesState(event, eventFingerprint) ? [event] : []),
    catchUp() {
      pendingCatchUps += 1;
      let finished = false;
      return {
        finish(stored) {
          if (finished) return [];
          finished = true;
          pendingCatchUps -= 1;
          held.push(...stored);
          if (pendingCatchUps > 0) return [];
          const ready = held.sort((a, b) => a.seq - b.seq);
          held = [];
          return ready.flatMap(take);
        },
      };
    },
    seen: () => ({ fingerprint, degradedCode: health.degraded ? health.code : undefined }),
  };
}
