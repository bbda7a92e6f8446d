import { createExpiringLru } from './cache/expiring-lru.js';
import { credentialScope } from './credential.js';
import { outcomeUnknown } from './http/upstream-line.js';
import type { CallOptions } from './session-client.js';
import { refKey, type SessionRef } from './session-ref.js';
import { UpstreamError } from './upstream-error.js';

const UNCONFIRMED_CLOSE_TTL_MS = 10 * 60_000;
const UNCONFIRMED_CLOSE_LIMIT = 10_000;
const CONFIRM_CLOSE_TIMEOUT_MS = 5_000;

type Call<T> = (ref: SessionRef, options: CallOptions) => Promise<T>;

/**
 * A close that is never retried, because it is not idempotent (deepset answers a second one
 * 409). Instead, when its answer is lost (timeout, reset, 5xx), the session is re-read: if it shows
 * closed, the close is reported as done. If it cannot be confirmed, the error goes back and the
 * close is remembered, so that the client's retry, answered 409, is reported as the success it is
 * rather than as ALREADY_CLOSED.
 */
export function confirmedClose<S>(close: Call<void>, get: Call<S>, isClosed: (session: S) => boolean, now: () => number): Call<void> {
  // Closes whose answer was lost, per session and credential hash, for ten minutes. A 409 on a
  // later close of one of them is that lost close having worked, once a re-read confirms it.
  const unconfirmed = createExpiringLru<true>({ maxEntries: UNCONFIRMED_CLOSE_LIMIT, ttlMs: UNCONFIRMED_CLOSE_TTL_MS, now });
  // Its own signal: when the request deadline is what cut the close short, the caller's signal has already fired.
  const confirmedClosed = (ref: SessionRef, options: CallOptions): Promise<boolean> =>
    get(ref, { ...options, signal: AbortSignal.timeout(CONFIRM_CLOSE_TIMEOUT_MS) }).then(isClosed, () => false);
  return async (ref, options) => {
    const key = `${refKey(ref)}#${credentialScope(options.credential)}`;
    try {
      await close(ref, options);
      unconfirmed.delete(key);
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      if (outcomeUnknown(error)) {
        if (await confirmedClosed(ref, options)) return;
        unconfirmed.set(key, true);
        throw error;
      }
      if (error.code === 'ALREADY_CLOSED' && unconfirmed.get(key)) {
        unconfirmed.delete(key);
        if (await confirmedClosed(ref, options)) return;
      }
      throw error;
    }
  };
}
