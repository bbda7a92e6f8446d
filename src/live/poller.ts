import { isBudgetRefusal } from '../upstreams/budget/budget-refusal.js';
import { isUpstreamError, type UpstreamErrorCode } from '../upstreams/upstream-error.js';
import type { Clock } from './clock.js';
import type { HubEvent } from './hub-event.js';
import type { StreamResume } from './hub-transport.js';
import {
  delayAfterError,
  delayAfterSuccess,
  firstPollDelay,
  jittered,
  type ErrorBackoff,
  type PollInterval,
  type PollJitter,
} from './interval-policy.js';
import type { PollGate } from './poll-gate.js';
import type { PollTarget } from './poll-target.js';

export interface PollerOptions<T> {
  target: PollTarget<T>;
  interval: PollInterval;
  idleBackoffFactor: number;
  errorBackoff: ErrorBackoff;
  clock: Clock;
  random: () => number;
  jitter: PollJitter;
  /**
   * Where a due poll waits for the provider's rate budget.
   * @default none: every poll goes when due
   */
  gate?: PollGate;
  /**
   * Where another leader left the stream, when this poller takes it over.
   * @default a fresh stream: the first fetch is published, and health starts good
   */
  resume?: StreamResume;
  /** Where events go; the poller knows nothing about subscribers. A `value` comes with its fingerprint. */
  publish(event: HubEvent<T>, fingerprint?: string): void;
  /** Called as each upstream fetch starts, for stats. */
  onFetch(): void;
  /** Called as each upstream fetch fails (not when it was aborted by `stop`), for stats. */
  onFetchError(): void;
}

/** One key's polling loop. */
export interface Poller<T> {
  /** Run the first fetch. Separate from creation so the owner can wire the poller up before any event flows. */
  start(): void;
  /** Poll now, or right after the fetch in flight; never sooner than a Retry-After allows. */
  pokeNow(): void;
  /** Stop for good: clear the timer and abort the fetch in flight. Idempotent. */
  stop(): void;
  /** The last value fetched, with the time its fetch started. */
  snapshot(): { value: T; fetchedAt: number } | undefined;
}

type FetchOutcome<T> =
  | { ok: true; value: T; fingerprint: string; terminal: boolean }
  | { ok: false; error: unknown };

/**
 * Creates the loop for one key: fetch, publish what changed, pick the next delay, repeat until
 * stopped, terminal or permanently failed. A snapshot's `fetchedAt` is when its fetch started,
 * not when it finished, so a snapshot never looks newer than the upstream state it may reflect
 * (a value fetched across a closeSession must not pass for a post-close read).
 */
export function createPoller<T>(options: PollerOptions<T>): Poller<T> {
  const { target, clock } = options;
  let started = false;
  let stopped = false;
  let timer: unknown;
  let inFlight: AbortController | undefined;
  let pollAgainAfterFetch = false;
  let last: { value: T; fingerprint: string; fetchedAt: number } | undefined;
  let idleDelayMs = options.interval.baseMs;
  let failureStreak = 0;
  let degradedCode: UpstreamErrorCode | undefined = options.resume?.degradedCode;
  let retryNotBefore = 0;
  let leaveGate: (() => void) | undefined;

  /** Poll now, or when the budget has a slot. */
  const pollWhenAllowed = (): void => {
    if (!options.gate) return void poll();
    let ran = false;
    const leave = options.gate.enter(() => {
      ran = true;
      leaveGate = undefined;
      if (!stopped) void poll();
    });
    if (!ran) leaveGate = leave;
  };

  const schedule = (ms: number): void => {
    timer = clock.setTimeout(() => {
      timer = undefined;
      pollWhenAllowed();
    }, ms);
  };

  const clearTimer = (): void => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  };

  const jitteredDelay = (ms: number): number => jittered(ms, options.jitter.interval, options.random);

  async function poll(): Promise<void> {
    const controller = new AbortController();
    inFlight = controller;
    const startedAt = clock.now();
    options.onFetch();
    let outcome: FetchOutcome<T>;
    try {
      const value = await target.fetch(controller.signal);
      if (stopped) return;
      outcome = {
        ok: true,
        value,
        fingerprint: target.fingerprint(value),
        terminal: target.isTerminal(value),
      };
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      if (inFlight === controller) inFlight = undefined;
    }
    if (stopped) return;
    if (outcome.ok) succeeded(outcome, startedAt);
    else failed(outcome.error);
  }

  function succeeded(outcome: Extract<FetchOutcome<T>, { ok: true }>, fetchedAt: number): void {
    const changed = (last?.fingerprint ?? options.resume?.fingerprint) !== outcome.fingerprint;
    last = { value: outcome.value, fingerprint: outcome.fingerprint, fetchedAt };
    failureStreak = 0;
    retryNotBefore = 0;
    if (degradedCode !== undefined) {
      degradedCode = undefined;
      options.publish({ type: 'recovered' });
    }
    if (changed && !stopped) options.publish({ type: 'value', value: outcome.value }, outcome.fingerprint);
    if (stopped) return;
    if (outcome.terminal) {
      stopped = true;
      options.publish({ type: 'ended', reason: 'terminal' });
      return;
    }
    idleDelayMs = delayAfterSuccess(idleDelayMs, changed, options.interval, options.idleBackoffFactor);
    if (pollAgainAfterFetch) {
      pollAgainAfterFetch = false;
      pollWhenAllowed();
    } else {
      schedule(jitteredDelay(idleDelayMs));
    }
  }

  function failed(error: unknown): void {
    if (isBudgetRefusal(error)) {
      // The gateway's own budget said wait, not the provider: nothing to tell subscribers.
      pollAgainAfterFetch = false;
      schedule(jitteredDelay(error.retryAfterMs ?? idleDelayMs));
      return;
    }
    options.onFetchError();
    if (!isUpstreamError(error) || !error.transient) {
      stopped = true;
      options.publish({ type: 'failed', error });
      return;
    }
    failureStreak += 1;
    const delayMs = delayAfterError(failureStreak, options.errorBackoff, options.random, error.retryAfterMs, options.jitter.retryAfter);
    if (error.retryAfterMs !== undefined) retryNotBefore = clock.now() + error.retryAfterMs;
    // A poke that arrived during a failing fetch is served by the retry below.
    pollAgainAfterFetch = false;
    if (degradedCode !== error.code) {
      degradedCode = error.code;
      options.publish({ type: 'degraded', error, retryAfterMs: delayMs });
      if (stopped) return;
    }
    schedule(delayMs);
  }

  return {
    start() {
      if (started || stopped) return;
      started = true;
      const delayMs = firstPollDelay(options.interval, options.jitter, options.random);
      if (delayMs > 0) schedule(delayMs);
      else pollWhenAllowed();
    },
    pokeNow() {
      if (stopped) return;
      if (inFlight) {
        pollAgainAfterFetch = true;
        return;
      }
      if (leaveGate) return; // Due already, waiting for a slot.
      clearTimer();
      const waitMs = retryNotBefore - clock.now();
      if (waitMs > 0) schedule(waitMs);
      else pollWhenAllowed();
    },
    stop() {
      stopped = true;
      clearTimer();
      leaveGate?.();
      leaveGate = undefined;
      inFlight?.abort();
      inFlight = undefined;
    },
    snapshot: () => (last ? { value: last.value, fetchedAt: last.fetchedAt } : undefined),
  };
}
