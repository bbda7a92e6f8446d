import { nullable, object, required, string } from '../decode.js';
import type { SessionRef } from '../session-ref.js';
import type { Lifecycle, SessionCommon } from '../session-state.js';

export interface KadoaCrawlSession extends SessionCommon {
  provider: 'KADOA';
  error: string | null;
  /** Free-form per the contract; passed through as JSON. */
  payload: unknown;
  /** `payload.crawledPages` when it is a non-negative integer, else null. */
  crawledPages: number | null;
  /** `payload.finished` when it is a boolean, else null. */
  finished: boolean | null;
}

/**
 * Kadoa has no status enum: the lifecycle comes from `error` and the payload. An error ends the
 * crawl as FAILED; `finished: true` ends it as COMPLETED; no payload yet is PENDING.
 */
export function kadoaLifecycle(error: string | null, payload: unknown, finished: boolean | null): Lifecycle {
  if (error !== null) return { state: 'FAILED', isTerminal: true };
  if (finished === true) return { state: 'COMPLETED', isTerminal: true };
  if (payload === null) return { state: 'PENDING', isTerminal: false };
  return { state: 'PROCESSING', isTerminal: false };
}

function payloadField(payload: unknown, key: string): unknown {
  return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>)[key] : undefined;
}

/** Decodes `GetCrawlerSessionStatusResponse`. The payload is never rejected: typed fields are read where they fit. */
export function decodeKadoaSession(json: unknown, ref: SessionRef, fetchedAt: Date): KadoaCrawlSession {
  const body = object(json, '$');
  const error = required(body, 'error', nullable(string), '$');
  const payload = body.payload === undefined ? null : body.payload;
  const pages = payloadField(payload, 'crawledPages');
  const finishedValue = payloadField(payload, 'finished');
  const statusWord = payloadField(payload, 'status');
  const finished = typeof finishedValue === 'boolean' ? finishedValue : null;
  return {
    provider: 'KADOA',
    ref,
    sessionId: required(body, 'sessionId', string, '$'),
    providerStatus: typeof statusWord === 'string' ? statusWord : null,
    ...kadoaLifecycle(error, payload, finished),
    error,
    payload,
    crawledPages: Number.isSafeInteger(pages) && (pages as number) >= 0 ? (pages as number) : null,
    finished,
    fetchedAt,
  };
}
