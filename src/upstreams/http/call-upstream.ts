import { errors as undiciErrors, type Dispatcher } from 'undici';
import { providerName, type Provider } from '../provider.js';
import { UpstreamError, type UpstreamErrorCode } from '../upstream-error.js';
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
 * UpstreamError, reads at most maxBodyBytes of a success body and never reads an error body at
 * all (it is dumped), so nothing an upstream says can reach a client verbatim.
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
    let response: Dispatcher.ResponseData;
    try {
      response = await call.dispatcher.request({
        method: call.method,
        path: call.path,
        headers: call.body === undefined ? call.headers : { ...call.headers, 'content-type': 'application/json' },
        body: call.body,
        signal: call.signal,
      });
    } catch (error) {
      throw networkError(call, error);
    }

    const { statusCode, headers, body } = response;
    if (statusCode < 200 || statusCode > 299) {
      await body.dump().catch(() => undefined);
      throw statusError(call.provider, statusCode, headers['retry-after']);
    }

    let text: string;
    try {
      // undici delivers exactly Content-Length bytes (more or fewer fail the response), so a body
      // announced within the cap needs no counting, and undici's own reader costs less than a stream iterator.
      const length = headers['content-length'];
      text = typeof length === 'string' && Number(length) <= call.maxBodyBytes ? await body.text() : await readCapped(body, call);
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      throw networkError(call, error);
    }
    const answer = { status: statusCode, json: text.length === 0 ? undefined : parsedJson(call.provider, statusCode, text), text };
    report?.('OK', statusCode);
    return answer;
  } catch (error) {
    if (error instanceof UpstreamError) report?.(error.code, error.upstreamStatus);
    else report?.('ABORTED', undefined);
    throw error;
  }
}

function parsedJson(provider: Provider, status: number, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', provider, `${providerName(provider)} answered with invalid JSON`, { upstreamStatus: status, cause: error });
  }
}

async function readCapped(body: Dispatcher.ResponseData['body'], call: UpstreamCall): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > call.maxBodyBytes) {
      body.destroy();
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', call.provider, `${providerName(call.provider)} answered with a body larger than ${call.maxBodyBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size).toString('utf8');
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
