import type { IncomingHttpHeaders } from 'node:http';
import { errors as undiciErrors, type Dispatcher } from 'undici';
import { providerName, type Provider } from '../provider.js';
import { UpstreamError, type UpstreamErrorCode } from '../upstream-error.js';
import { whenAborted } from './abort-listeners.js';
import type { UpstreamCallEvent, UpstreamMethod, UpstreamObserver } from './upstream-observer.js';

export interface UpstreamCall {
  provider: Provider;
  dispatcher: Dispatcher;
  method: UpstreamMethod;
  /** Absolute path, already encoded. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  maxBodyBytes: number;
  observer?: UpstreamObserver;
}

export interface UpstreamJsonResponse {
  status: number;
  /** Parsed JSON of a 2xx body, or undefined for an empty one. */
  json: unknown;
  /** The raw text, for decoders that must read what JSON.parse cannot keep (64-bit integers). */
  text: string;
}

/**
 * The one place every upstream request goes through: it maps every network and HTTP outcome to an
 * UpstreamError, keeps at most maxBodyBytes of a success body and never keeps an error body (it is
 * read and thrown away), so nothing an upstream says can reach a client verbatim.
 */
export function callUpstream(call: UpstreamCall): Promise<UpstreamJsonResponse> {
  const { observer } = call;
  if (!observer?.onCall && !observer?.onStart) return callOnce(call);
  const started = performance.now();
  const span = observer.onStart?.({ provider: call.provider, method: call.method });
  const report: Report = (outcome, status) => {
    const event: UpstreamCallEvent = { provider: call.provider, method: call.method, outcome, status, durationMs: performance.now() - started };
    observer.onCall?.(event);
    span?.end(event);
  };
  return callOnce(span ? { ...call, headers: { ...call.headers, ...span.headers } } : call, report);
}

/** How a call ended: OK with its status, an UpstreamError's code and status, or ABORTED for anything else. */
type Report = (outcome: UpstreamCallEvent['outcome'], status: number | undefined) => void;

/** The call; `report` hears how it ended from inside, not from an async wrapper around it: one promise fewer per call. */
async function callOnce(call: UpstreamCall, report?: Report): Promise<UpstreamJsonResponse> {
  try {
    const { status, text } = await exchange(call);
    const answer = { status, json: text.length === 0 ? undefined : parsedJson(call.provider, status, text), text };
    report?.('OK', status);
    return answer;
  } catch (error) {
    if (error instanceof UpstreamError) report?.(error.code, error.upstreamStatus);
    else report?.('ABORTED', undefined);
    throw error;
  }
}

/** Sends the request and settles with a 2xx answer's text, or with the UpstreamError (or the caller's abort reason) for anything else. */
function exchange(call: UpstreamCall): Promise<{ status: number; text: string }> {
  if (call.signal?.aborted) return Promise.reject(networkError(call, call.signal.reason));
  return new Promise((resolve, reject) => {
    const reader = new ResponseReader(call, resolve, reject);
    call.dispatcher.dispatch(
      { method: call.method, path: call.path, headers: call.body === undefined ? call.headers : { ...call.headers, 'content-type': 'application/json' }, body: call.body },
      reader,
    );
  });
}

/** Bytes of an error body read and thrown away before the connection is closed instead: the limit of undici's own `body.dump()`. */
const DISCARD_LIMIT_BYTES = 128 * 1024;

/**
 * One response, read with undici's dispatch handler rather than `request()`: no body stream, no
 * async resource and no EventTarget listener per call, about 5 µs of each call's CPU
 * (docs/performance.md). A success body is kept up to maxBodyBytes (undici delivers exactly
 * Content-Length bytes, or fails the response); an error body is read and thrown away, never kept,
 * so nothing an upstream says reaches a client, and the connection goes back to the pool.
 */
class ResponseReader implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  /** Why the caller aborted, if it did before undici started the request. */
  private abortReason: Error | undefined;
  private settled = false;
  private status = 0;
  private retryAfter: string | string[] | undefined;
  private chunks: Buffer[] = [];
  private size = 0;
  private readonly stopListening: (() => void) | undefined;

  constructor(
    private readonly call: UpstreamCall,
    private readonly resolve: (answer: { status: number; text: string }) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    const { signal } = call;
    this.stopListening = signal && whenAborted(signal, () => this.cancel(signal.reason));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abortReason) controller.abort(this.abortReason);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.status = statusCode;
    this.retryAfter = headers['retry-after'];
    this.chunks = [];
    this.size = 0;
    const length = headers['content-length'];
    if (this.ok() && typeof length === 'string' && Number(length) > this.call.maxBodyBytes) this.fail(tooLarge(this.call), controller);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.size += chunk.length;
    if (!this.ok()) {
      if (this.size > DISCARD_LIMIT_BYTES) this.fail(statusError(this.call.provider, this.status, this.retryAfter), controller);
      return;
    }
    if (this.size > this.call.maxBodyBytes) return this.fail(tooLarge(this.call), controller);
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (!this.ok()) return this.settle(statusError(this.call.provider, this.status, this.retryAfter));
    const { chunks, size } = this;
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
    // A UTF-8 byte order mark is not JSON; undici's `body.text()` skipped it too.
    const start = body.length > 2 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
    this.settle(undefined, { status: this.status, text: body.toString('utf8', start) });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    // An error status is the answer even if its thrown-away body broke off.
    this.settle(this.status !== 0 && !this.ok() ? statusError(this.call.provider, this.status, this.retryAfter) : error instanceof UpstreamError ? error : networkError(this.call, error));
  }

  /** The caller's signal: settled at once, and undici told now or, for a request still queued in the pool, as it starts. */
  private cancel(reason: unknown): void {
    const error = reason instanceof Error ? reason : new Error('aborted');
    this.abortReason = error;
    this.settle(error);
    this.controller?.abort(error);
  }

  private fail(error: UpstreamError, controller: Dispatcher.DispatchController): void {
    this.settle(error);
    controller.abort(error);
  }

  private ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  private settle(error: unknown, answer?: { status: number; text: string }): void {
    if (this.settled) return;
    this.settled = true;
    this.chunks = [];
    this.stopListening?.();
    if (answer) this.resolve(answer);
    else this.reject(error);
  }
}

function tooLarge(call: UpstreamCall): UpstreamError {
  return new UpstreamError('UPSTREAM_BAD_RESPONSE', call.provider, `${providerName(call.provider)} answered with a body larger than ${call.maxBodyBytes} bytes`);
}

function parsedJson(provider: Provider, status: number, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', provider, `${providerName(provider)} answered with invalid JSON`, { upstreamStatus: status, cause: error });
  }
}

const STATUS_CODES: Record<number, UpstreamErrorCode> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'ALREADY_CLOSED',
  422: 'INVALID_INPUT',
  429: 'RATE_LIMITED',
};

function statusError(provider: Provider, status: number, retryAfter: string | string[] | undefined): UpstreamError {
  const code: UpstreamErrorCode = STATUS_CODES[status] ?? (status >= 500 ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_BAD_RESPONSE');
  const retryAfterMs = parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  return new UpstreamError(code, provider, `${providerName(provider)} answered ${status} (${code})`, { upstreamStatus: status, retryAfterMs });
}

/** Longest wait an upstream may ask for: a day. Past that, a timer would overflow and fire at once. */
const MAX_RETRY_AFTER_MS = 86_400_000;

/** Retry-After is either delta-seconds or an HTTP date; anything else is ignored. Both forms are capped at a day. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

function networkError(call: UpstreamCall, error: unknown): Error {
  const name = providerName(call.provider);
  // The caller's own abort (a poller stopping, a client going away) is not an upstream failure.
  if (call.signal?.aborted) return call.signal.reason instanceof Error ? call.signal.reason : new Error('aborted');
  if (
    error instanceof undiciErrors.ConnectTimeoutError ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError
  ) {
    return new UpstreamError('UPSTREAM_TIMEOUT', call.provider, `${name} did not answer in time`, { cause: error });
  }
  return new UpstreamError('UPSTREAM_UNAVAILABLE', call.provider, `${name} could not be reached`, { cause: error });
}
