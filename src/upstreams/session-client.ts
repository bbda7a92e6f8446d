import type { Dispatcher } from 'undici';
import { credentialScope } from './credential.js';
import { ContractViolation } from './decode.js';
import { callUpstream } from './http/call-upstream.js';
import { createCircuitBreaker, type CircuitBreakerOptions } from './http/circuit-breaker.js';
import { createConcurrencyLimit, QueueFull, type ConcurrencyLimitOptions } from './http/concurrency-limit.js';
import { withRetries, type RetryOptions } from './http/retry.js';
import { createRetryBudget, type RetryBudgetOptions } from './http/retry-budget.js';
import type { UpstreamObserver } from './http/upstream-observer.js';
import { providerName, type Provider } from './provider.js';
import type { SessionRef } from './session-ref.js';
import { refKey, validateRef } from './session-ref.js';
import { UpstreamError, type UpstreamErrorCode } from './upstream-error.js';
import type { SessionOf, Upstreams } from './upstreams.js';

export interface CallOptions {
  /** The provider API key to use for this call. Never logged. */
  credential: string;
  signal?: AbortSignal;
}

export interface SessionClient<S> {
  readonly provider: Provider;
  get(ref: SessionRef, options: CallOptions): Promise<S>;
  /** Present only for providers whose contract has a close endpoint. */
  close?(ref: SessionRef, options: CallOptions): Promise<void>;
}

/** What differs between providers: URLs, the auth header, and the decoder. */
export interface ProviderSpec<S> {
  provider: Provider;
  /** Path of the status endpoint relative to the base URL, with every parameter encoded. */
  statusPath(ref: SessionRef): string;
  authHeaders(credential: string): Record<string, string>;
  decode(json: unknown, text: string, ref: SessionRef, fetchedAt: Date): S;
}

export interface ClientDeps {
  dispatcher: Dispatcher;
  /** Path prefix of the configured base URL (e.g. `/customer/v2` for Ping), without a trailing slash. */
  basePath: string;
  maxBodyBytes: number;
  now?: () => Date;
  observer?: UpstreamObserver;
}

export function createSessionClient<S>(spec: ProviderSpec<S>, deps: ClientDeps): SessionClient<S> {
  const now = deps.now ?? (() => new Date());
  return {
    provider: spec.provider,
    async get(ref, { credential, signal }) {
      const valid = validateRef(ref);
      const response = await callUpstream({
        provider: spec.provider,
        dispatcher: deps.dispatcher,
        method: 'GET',
        path: deps.basePath + spec.statusPath(valid),
        headers: { accept: 'application/json', ...spec.authHeaders(credential) },
        signal,
        maxBodyBytes: deps.maxBodyBytes,
        observer: deps.observer,
      });
      return decodeOrThrow(spec, () => spec.decode(response.json, response.text, valid, now()));
    },
  };
}

/** Adds the close endpoint to a client; only deepset's contract has one. */
export function withClose<S>(client: SessionClient<S>, spec: ProviderSpec<S>, deps: ClientDeps, closeBody: string): SessionClient<S> {
  return {
    ...client,
    async close(ref, { credential, signal }) {
      const valid = validateRef(ref);
      await callUpstream({
        provider: spec.provider,
        dispatcher: deps.dispatcher,
        method: 'PUT',
        path: deps.basePath + spec.statusPath(valid),
        headers: spec.authHeaders(credential),
        body: closeBody,
        signal,
        maxBodyBytes: deps.maxBodyBytes,
        observer: deps.observer,
      });
    },
  };
}

function decodeOrThrow<S>(spec: ProviderSpec<S>, decode: () => S): S {
  try {
    return decode();
  } catch (error) {
    if (error instanceof ContractViolation) {
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', spec.provider, `${providerName(spec.provider)} answered with a session that breaks its contract (${error.message})`, {
        cause: error,
      });
    }
    throw error;
  }
}

export interface UpstreamGuardOptions {
  retry: RetryOptions;
  retryBudget: RetryBudgetOptions;
  breaker: CircuitBreakerOptions;
  concurrency: ConcurrencyLimitOptions;
}

export interface UpstreamGuardDeps {
  /** Told about every retry and breaker transition; never about credentials. */
  observer?: UpstreamObserver;
  now?: () => number;
  random?: () => number;
}

/** Marks an error for a call the guard refused before anything was sent, so its outcome is known. */
class NotSent extends Error {}

/** Unavailable, timed out or 5xx: the provider itself is unwell, which is what the breaker counts. */
const PROVIDER_FAILURES: ReadonlySet<UpstreamErrorCode> = new Set(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT']);

/** What every call to one provider passes through: breaker, then retries (GET only), then a concurrency slot per attempt. */
interface UpstreamGuard {
  call<T>(method: 'GET' | 'PUT', signal: AbortSignal | undefined, attempt: (signal: AbortSignal | undefined) => Promise<T>): Promise<T>;
}

function createUpstreamGuard(provider: Provider, options: UpstreamGuardOptions, deps: UpstreamGuardDeps): UpstreamGuard {
  const name = providerName(provider);
  const breaker = createCircuitBreaker(options.breaker, (state) => deps.observer?.onBreakerState?.({ provider, state }), deps.now);
  const limit = createConcurrencyLimit(options.concurrency);
  const budget = createRetryBudget(options.retryBudget, deps.now);

  const refused = (code: UpstreamErrorCode, message: string): UpstreamError => new UpstreamError(code, provider, message, { cause: new NotSent() });

  return {
    async call(method, signal, attempt) {
      const permit = breaker.tryAcquire();
      if (!permit) throw refused('UPSTREAM_UNAVAILABLE', `${name} is failing, so the gateway is not calling it for a few seconds (circuit open)`);
      let sent = false;
      const once = () =>
        limit.run(() => {
          sent = true;
          return attempt(signal);
        }, signal);
      try {
        const result = await (method === 'GET'
          ? withRetries(once, {
              options: options.retry,
              budget,
              signal,
              random: deps.random,
              onRetry: (event) => deps.observer?.onRetry?.({ provider, method, ...event }),
            })
          : once());
        permit.success();
        return result;
      } catch (error) {
        if (error instanceof UpstreamError && !signal?.aborted) {
          if (PROVIDER_FAILURES.has(error.code)) permit.failure();
          else permit.success();
          throw error;
        }
        permit.ignore();
        if (error instanceof QueueFull) throw refused('UPSTREAM_UNAVAILABLE', `Too many requests are waiting for ${name}; try again shortly`);
        // A request deadline (a TimeoutError reason) is reported like any other timeout; the caller's own abort passes through.
        if (signal?.aborted && (signal.reason as Error | undefined)?.name === 'TimeoutError') {
          const message = `${name} did not answer within the request deadline`;
          throw sent ? new UpstreamError('UPSTREAM_TIMEOUT', provider, message) : refused('UPSTREAM_TIMEOUT', message);
        }
        throw error;
      }
    },
  };
}

function outcomeUnknown(error: UpstreamError): boolean {
  return PROVIDER_FAILURES.has(error.code) && !(error.cause instanceof NotSent);
}

const UNCONFIRMED_CLOSE_TTL_MS = 10 * 60_000;
const UNCONFIRMED_CLOSE_LIMIT = 10_000;

/**
 * Closes whose answer was lost, per session and credential hash, for ten minutes. A 409 on a
 * later close of one of them is that lost close having worked, once a re-read confirms it.
 */
function createUnconfirmedCloses(now: () => number) {
  const entries = new Map<string, number>();
  return {
    add(key: string) {
      entries.delete(key);
      if (entries.size >= UNCONFIRMED_CLOSE_LIMIT) entries.delete(entries.keys().next().value!);
      entries.set(key, now() + UNCONFIRMED_CLOSE_TTL_MS);
    },
    take(key: string): boolean {
      const expires = entries.get(key);
      entries.delete(key);
      return expires !== undefined && expires > now();
    },
  };
}

/**
 * The client behind its guard. GETs are retried; the close PUT never is, because it is not
 * idempotent at deepset (a second one answers 409). Instead, when its answer is lost (timeout,
 * reset, 5xx), the session is re-read: if it shows closed, the close is reported as done. If it
 * cannot be confirmed, the error goes back and the close is remembered, so that the client's
 * retry, answered 409, is reported as the success it is rather than as ALREADY_CLOSED.
 */
const CONFIRM_CLOSE_TIMEOUT_MS = 5_000;

function guardSessionClient<S>(client: SessionClient<S>, guard: UpstreamGuard, isClosed: ((session: S) => boolean) | undefined, now: () => number): SessionClient<S> {
  const get: SessionClient<S>['get'] = (ref, options) => guard.call('GET', options.signal, (signal) => client.get(ref, { ...options, signal }));
  const { close } = client;
  if (!close || !isClosed) return { provider: client.provider, get };
  const unconfirmed = createUnconfirmedCloses(now);
  // Its own signal: when the request deadline is what cut the close short, the caller's signal has already fired.
  const confirmedClosed = (ref: SessionRef, options: CallOptions): Promise<boolean> =>
    get(ref, { ...options, signal: AbortSignal.timeout(CONFIRM_CLOSE_TIMEOUT_MS) }).then(isClosed, () => false);
  return {
    provider: client.provider,
    get,
    async close(ref, options) {
      const key = `${refKey(validateRef(ref))}#${credentialScope(options.credential)}`;
      try {
        await guard.call('PUT', options.signal, (signal) => close(ref, { ...options, signal }));
        unconfirmed.take(key);
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        if (outcomeUnknown(error)) {
          if (await confirmedClosed(ref, options)) return;
          unconfirmed.add(key);
          throw error;
        }
        if (error.code === 'ALREADY_CLOSED' && unconfirmed.take(key) && (await confirmedClosed(ref, options))) return;
        throw error;
      }
    },
  };
}

/** What a session shows once a close took effect. */
const CLOSED_BY_CLOSE: { [P in Provider]?: (session: SessionOf<P>) => boolean } = {
  DEEPSET: (session) => session.status === 'CLOSED',
};

/**
 * The same upstreams with every client behind a guard of its own provider, so a failing provider
 * trips only its own breaker, spends only its own retry budget and fills only its own queue.
 */
export function guardUpstreams(upstreams: Upstreams, options: UpstreamGuardOptions, deps: UpstreamGuardDeps = {}): Upstreams {
  const now = deps.now ?? Date.now;
  const guarded = <P extends Provider>(provider: P): SessionClient<SessionOf<P>> =>
    guardSessionClient(upstreams.clients[provider], createUpstreamGuard(provider, options, deps), CLOSED_BY_CLOSE[provider] as ((session: SessionOf<P>) => boolean) | undefined, now);
  return {
    ...upstreams,
    clients: { DEEPSET: guarded('DEEPSET'), PARADIGM: guarded('PARADIGM'), PING: guarded('PING'), KADOA: guarded('KADOA') },
  };
}
