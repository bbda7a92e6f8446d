import type { Provider } from './provider.js';

/**
 * Stable, machine-readable outcome codes. They reach GraphQL clients verbatim in
 * `extensions.code`, so renaming one is a breaking change.
 */
export const UPSTREAM_ERROR_CODES = [
  /** The upstream says the session does not exist (404). */
  'NOT_FOUND',
  /** The upstream rejected the credential (401). */
  'UNAUTHENTICATED',
  /** The credential is valid but may not touch this session (403). */
  'FORBIDDEN',
  /** An argument failed validation, here or upstream (400, 422); nothing was sent, or the upstream refused it. */
  'INVALID_INPUT',
  /** The session was already closed (409 on deepset's close). */
  'ALREADY_CLOSED',
  /** The upstream asked us to slow down (429); `retryAfterMs` says for how long when it told us. */
  'RATE_LIMITED',
  /** The upstream could not be reached or answered 5xx. */
  'UPSTREAM_UNAVAILABLE',
  /** The upstream did not answer (connect, headers or body) within the timeout. */
  'UPSTREAM_TIMEOUT',
  /** The upstream answered, but not as its contract says (bad JSON, wrong shape, too large). */
  'UPSTREAM_BAD_RESPONSE',
  /** The provider's contract has no close endpoint; nothing was sent. */
  'CLOSE_NOT_SUPPORTED',
  /** The account's plan does not allow this (deepset's 402 on creating an upload session). */
  'PLAN_REQUIRED',
  /** Too many sessions are open already (deepset's 406: at most 10 open upload sessions per user). */
  'OPEN_SESSION_LIMIT',
  /** The provider's contract has no pause or resume endpoint; nothing was sent. */
  'PAUSE_NOT_SUPPORTED',
] as const;

export type UpstreamErrorCode = (typeof UPSTREAM_ERROR_CODES)[number];

/** Codes worth polling again for: the same call may succeed later without anyone changing anything. */
const TRANSIENT: ReadonlySet<UpstreamErrorCode> = new Set([
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_BAD_RESPONSE',
]);

export interface UpstreamErrorOptions {
  /** HTTP status the upstream answered with, when it answered at all. */
  upstreamStatus?: number;
  /** From `Retry-After` on a 429/503, in milliseconds. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * The one shape of an expected failure, from the socket to the schema: the clients throw it, the
 * GraphQL edge throws it for a bad id, and src/schema/errors.ts picks the error type by its code.
 * Its message is written by us and is safe to show a client: it never contains the upstream body
 * or the credential.
 */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  /** The provider's HTTP status, when it answered at all: never the gateway's own. */
  readonly upstreamStatus: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly code: UpstreamErrorCode,
    /** Null only for an id too broken to name its provider. */
    readonly provider: Provider | null,
    message: string,
    options: UpstreamErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.upstreamStatus = options.upstreamStatus;
    this.retryAfterMs = options.retryAfterMs;
  }

  get transient(): boolean {
    return TRANSIENT.has(this.code);
  }
}

export function isUpstreamError(value: unknown): value is UpstreamError {
  return value instanceof UpstreamError;
}

/** An id or argument failed validation at the edge; nothing was sent upstream. */
export function invalidInput(message: string, provider: Provider | null = null): UpstreamError {
  return new UpstreamError('INVALID_INPUT', provider, message);
}
