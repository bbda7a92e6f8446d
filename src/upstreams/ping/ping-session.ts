import { ContractViolation, integer, object, oneOf, optional, required, string, type Decoder } from '../decode.js';
import type { SessionRef } from '../session-ref.js';
import type { Lifecycle, SessionCommon } from '../session-state.js';

export const PING_STATUSES = ['created', 'connected', 'disconnected'] as const;
export type PingStatus = (typeof PING_STATUSES)[number];

/**
 * `disconnected` is not terminal. A paused reusable session is `disconnected` (the pause "disconnects
 * all active connections") and a resume connects it again, and Ping's status answer carries nothing
 * that tells it from a session that will never connect again: no `paused` or `reusable` field, on
 * the status page or the pause and resume pages. Read as ended, a pause would complete every watcher
 * and pin the session in the terminal cache; read as INACTIVE, a session that did end costs its
 * watchers a poll at the idle (slowest) interval.
 */
export const PING_LIFECYCLE: Record<PingStatus, Lifecycle> = {
  created: { state: 'PENDING', isTerminal: false },
  connected: { state: 'ACTIVE', isTerminal: false },
  disconnected: { state: 'INACTIVE', isTerminal: false },
};

export interface PingVpnSession extends SessionCommon {
  provider: 'PING';
  clientId: string;
  status: PingStatus;
  /** Seconds. */
  duration: number | null;
  uploadedBytes: bigint | null;
  downloadedBytes: bigint | null;
}

/**
 * Byte counters are 64-bit, but JSON.parse rounds integers past 2^53. When that happened, the
 * digits are read again from the raw text, which still holds them exactly.
 */
function byteCounter(text: string, key: string): Decoder<bigint> {
  return (value, path) => {
    integer(value, path);
    let exact = BigInt(value as number);
    if (!Number.isSafeInteger(value)) {
      // JSON.parse keeps the last of repeated keys; so does this.
      const digits = [...text.matchAll(new RegExp(`"${key}"\\s*:\\s*(-?\\d+)\\s*[,}]`, 'g'))].at(-1)?.[1];
      if (digits === undefined) throw new ContractViolation(path, 'an integer');
      exact = BigInt(digits);
    }
    if (exact < INT64_MIN || exact > INT64_MAX) throw new ContractViolation(path, 'a 64-bit integer');
    return exact;
  };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Decodes `sessions.SessionStatus`: `client_id` and `status` are required, the counters optional. */
export function decodePingSession(json: unknown, text: string, ref: SessionRef, fetchedAt: Date): PingVpnSession {
  const body = object(json, '$');
  const status = required(body, 'status', oneOf(PING_STATUSES), '$');
  return {
    provider: 'PING',
    ref,
    sessionId: ref.sessionId,
    clientId: required(body, 'client_id', string, '$'),
    status,
    providerStatus: status,
    ...PING_LIFECYCLE[status],
    duration: optional(body, 'duration', integer, '$', null),
    uploadedBytes: optional(body, 'uploaded_bytes', byteCounter(text, 'uploaded_bytes'), '$', null),
    downloadedBytes: optional(body, 'downloaded_bytes', byteCounter(text, 'downloaded_bytes'), '$', null),
    fetchedAt,
  };
}
