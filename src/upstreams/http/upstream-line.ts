import { BudgetRefusal, isBudgetRefusal } from '../budget/budget-refusal.js';
import { providerName, type Provider } from '../provider.js';
import { UpstreamError, type UpstreamErrorCode } from '../upstream-error.js';
import { createCircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import { createConcurrencyLimit, QueueFull, type ConcurrencyLimitOptions } from './concurrency-limit.js';
import { retriesAfter, type RetryOptions } from './retry.js';
import { createRetryBudget, type RetryBudgetOptions } from './retry-budget.js';
import type { UpstreamMethod, UpstreamObserver } from './upstream-observer.js';

/** Who a call is for. Passed along untouched today; the admission slot may rank by it. */
export type CallPurpose = 'query' | 'mutation' | 'poll';

/** One call entering the line: what the policies need to know, never the credential. */
export interface LineCall {
  method: UpstreamMethod;
  /** Only an idempotent call is retried: a call that creates or changes something never is. */
  idempotent: boolean;
  purpose: CallPurpose;
  /** The request deadline (queries, mutations) or the poller's own stop signal. */
  signal: AbortSignal | undefined;
  /** Who asked (a hash of the client's API key or JWT subject, or its address), for fair queueing. @default one shared client */
  clientId?: string;
  /** Epoch ms the request's deadline passes at, if it has one: a call that can't start by then is refused at once. */
  deadlineAt?: number;
  /** Set by the line for a retry's admission (1 for the first retry); absent for the first attempt. */
  retry?: number;
}

/**
 * The line's first slot: resolves when the call may go on, or throws an UpstreamError to refuse it
 * (nothing is sent). It is asked before every attempt, retries included, so a retry spends the
 * budget like any other request. The default admits every call at once. A per-provider rate budget
 * that serves queries before polls (issue #15) plugs in here, in one file, with no other change to the line.
 */
export type Admission = (provider: Provider, call: LineCall) => Promise<void> | void;

export interface UpstreamGuardOptions {
  retry: RetryOptions;
  retryBudget: RetryBudgetOptions;
  breaker: CircuitBreakerOptions;
  concurrency: ConcurrencyLimitOptions;
}

export interface UpstreamLineDeps {
  /** Told about every retry and breaker transition; never about credentials. */
  observer?: UpstreamObserver;
  /** @default admits every call */
  admit?: Admission;
  /** Told of each provider 429 (not the gateway's own refusals), so the budget can shrink. */
  throttled?: (provider: Provider, retryAfterMs: number | undefined) => void;
  now?: () => number;
  random?: () => number;
}

/** Every call to one provider, in order: admission, breaker, retries (idempotent only), a concurrency slot per attempt, the deadline. */
export interface UpstreamLine {
  run<T>(call: LineCall, attempt: (signal: AbortSignal | undefined) => Promise<T>): Promise<T>;
}

/** What a refusal for a full queue, or for a deadline that passed in admission, tells the client to wait: about one budget window. */
const QUEUE_FULL_RETRY_MS = 1_000;

/** Marks an error for a call the line refused before anything was sent, so its outcome is known. */
class NotSent extends Error {}

/**
 * A retry the gateway had no room for (the budget refused it, or the provider's queue was full), so
 * nothing more was sent. Not an UpstreamError, so retriesAfter never retries it; the line answers
 * the provider's failure that caused the retry instead.
 */
class RetryNotSent {}

/** Unavailable, timed out or 5xx: the provider itself is unwell, which is what the breaker counts. */
const PROVIDER_FAILURES: ReadonlySet<UpstreamErrorCode> = new Set(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT']);

/** A provider failure for a call that may have reached the provider: whether it took effect is unknown. */
export function outcomeUnknown(error: UpstreamError): boolean {
  return PROVIDER_FAILURES.has(error.code) && !(error.cause instanceof NotSent);
}

/**
 * One line per provider, so a failing provider trips only its own breaker, spends only its own
 * retry budget and fills only its own queue. The policies are our own, not cockatiel 4's, because
 * each of its policies behaves differently where our tests and docs pin the behaviour: its
 * bulkhead keeps an aborted waiter queued until a slot frees, and its retry sleeps through an
 * abort, so a request deadline could not end either wait; its retry has no shared budget; its
 * breaker makes callers wait on a half-open probe instead of refusing them, counts a caller's
 * abort as a success, and reads Date.now rather than an injected clock.
 */
export function createUpstreamLine(provider: Provider, options: UpstreamGuardOptions | undefined, deps: UpstreamLineDeps = {}): UpstreamLine {
  const name = providerName(provider);
  const { admit } = deps;
  const deadlineMessage = `${name} did not answer within the request deadline`;
  // A call whose deadline passed while admission held it sent nothing: the budget had no room in time.
  const waitedPastDeadline = (signal: AbortSignal | undefined) => (error: unknown): never => {
    if (deadlinePassed(signal) && !(error instanceof UpstreamError)) {
      throw new BudgetRefusal(provider, QUEUE_FULL_RETRY_MS, `No call to ${name} could start before the request deadline`);
    }
    throw error;
  };
  const noteThrottled = (error: unknown): void => {
    if (deps.throttled && error instanceof UpstreamError && error.code === 'RATE_LIMITED' && !isBudgetRefusal(error)) deps.throttled(provider, error.retryAfterMs);
  };
  if (!options) {
    return {
      async run(call, attempt) {
        const admitted = admit?.(provider, call);
        if (admitted) await admitted.catch(waitedPastDeadline(call.signal));
        try {
          return await attempt(call.signal);
        } catch (error) {
          noteThrottled(error);
          throw deadlinePassed(call.signal) ? new UpstreamError('UPSTREAM_TIMEOUT', provider, deadlineMessage) : error;
        }
      },
    };
  }
  const breaker = createCircuitBreaker(options.breaker, (state) => deps.observer?.onBreakerState?.({ provider, state }), deps.now);
  const limit = createConcurrencyLimit(options.concurrency);
  const budget = createRetryBudget(options.retryBudget, deps.now);

  const refused = (code: UpstreamErrorCode, message: string): UpstreamError => new UpstreamError(code, provider, message, { cause: new NotSent() });

  return {
    async run<T>(call: LineCall, attempt: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
      const { signal } = call;
      // The first attempt is admitted before the breaker, so a refusal never holds a half-open probe's permit.
      const admitted = admit?.(provider, call);
      if (admitted) await admitted.catch(waitedPastDeadline(signal));
      const permit = breaker.tryAcquire();
      if (!permit) throw refused('UPSTREAM_UNAVAILABLE', `${name} is failing, so the gateway is not calling it for a few seconds (circuit open)`);
      let sent = false;
      let lastFailure: unknown;
      const send = () =>
        limit.run(() => {
          sent = true;
          return attempt(signal);
        }, signal);
      const queueFull = (): void => deps.observer?.onQueueFull?.({ provider, method: call.method });
      const failed = (error: unknown): void => {
        noteThrottled(error);
        lastFailure = error;
      };
      let retry = 0;
      const again = async () => {
        retry += 1;
        if (admit) {
          try {
            const retryAdmitted = admit(provider, { ...call, retry });
            if (retryAdmitted) await retryAdmitted;
          } catch {
            throw new RetryNotSent();
          }
        }
        try {
          return await send();
        } catch (error) {
          if (error instanceof QueueFull) {
            queueFull();
            throw new RetryNotSent();
          }
          failed(error);
          throw error;
        }
      };
      try {
        let result: T;
        // The first attempt is awaited here, not inside the retry loop: a call that succeeds, nearly every call, goes through one async layer.
        try {
          result = await send();
        } catch (error) {
          failed(error);
          if (!call.idempotent) throw error;
          result = await retriesAfter(error, again, {
            options: options.retry,
            budget,
            signal,
            random: deps.random,
            onRetry: (event) => deps.observer?.onRetry?.({ provider, method: call.method, ...event }),
          });
        }
        permit.success();
        return result;
      } catch (thrown) {
        // A retry the gateway had no room for (budget or queue): the truth is the provider's failure before it, not the refusal.
        const error = thrown instanceof RetryNotSent ? lastFailure : thrown;
        if (error instanceof UpstreamError && !signal?.aborted) {
          if (PROVIDER_FAILURES.has(error.code)) permit.failure();
          else permit.success();
          throw error;
        }
        permit.ignore();
        // The gateway's own queue is full, not the provider down: say so, with when to come back.
        if (error instanceof QueueFull) {
          queueFull();
          throw new BudgetRefusal(provider, QUEUE_FULL_RETRY_MS, `Too many requests are waiting for ${name} in the gateway`);
        }
        if (deadlinePassed(signal)) throw sent ? new UpstreamError('UPSTREAM_TIMEOUT', provider, deadlineMessage) : refused('UPSTREAM_TIMEOUT', deadlineMessage);
        throw error;
      }
    },
  };
}

/** A request deadline (a TimeoutError reason) is reported like any other timeout; the caller's own abort passes through. */
function deadlinePassed(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && (signal.reason as Error | undefined)?.name === 'TimeoutError';
}
