import { systemClock, type Clock } from '../../live/clock.js';
import type { Provider } from '../provider.js';
import { createAdaptiveRate, type AdaptiveRateOptions } from './adaptive-rate.js';
import { BudgetRefusal } from './budget-refusal.js';
import { createMemorySlotCounter, WINDOW_MS, type SlotCounter, type SlotGrant } from './slot-counter.js';

export type CallPriority = 'query' | 'mutation' | 'poll';

export interface RateBudgetOptions {
  provider: Provider;
  /** Most calls per second to the provider (UPSTREAM_MAX_RPS or <P>_MAX_RPS), summed over every replica sharing `counter`. */
  maxRps: number;
  /**
   * Where calls are counted; a Redis counter makes the budget cluster-wide.
   * @default one replica's own memory
   */
  counter?: SlotCounter;
  /** @default the process clock */
  clock?: Clock;
  /**
   * Share of the rate polls may use; the rest is kept for queries and mutations.
   * @default 0.8
   */
  pollShare?: number;
  /**
   * Queries one client may have waiting for a slot; more are refused at once.
   * @default 64
   */
  maxWaitingPerClient?: number;
  /** How the provider's 429s shrink the rate. */
  adaptive?: AdaptiveRateOptions;
}

export interface Admission {
  priority: Exclude<CallPriority, 'poll'>;
  /** Who asked (API key, JWT subject or address, hashed by the caller): waiting queries are served round-robin between clients. */
  clientId: string;
  /** Epoch ms by which the call must have started; a query that can't get a slot by then is refused at once. */
  deadlineAt?: number;
  signal?: AbortSignal;
}

export interface BudgetStats {
  provider: Provider;
  /** The rate in force now: `maxRps`, shrunk while the provider answers 429. */
  effectiveRps: number;
  /**
   * Slots of the rate in force not yet taken in the current one-second window, as this replica last
   * counted it: with a shared counter, the cluster's count at this replica's last call.
   */
  left: number;
  spent: Record<CallPriority, number>;
  /** Poll slots denied: each one stretched a poller's interval. */
  stretched: number;
  /** Queries and mutations refused with RATE_LIMITED, by reason. */
  refused: { deadline: number; queueFull: number; closed: number };
  waiting: number;
}

/** What a poller asks before each fetch. */
export interface PollBudget {
  /**
   * 0 when a slot was taken for this poll; else how long to wait before asking again. A `retry`
   * (a failed poll's second try) that is denied stretches no interval, so it is not counted as one.
   */
  nextPollSlot(options?: { retry?: boolean }): number | Promise<number>;
}

export interface RateBudget extends PollBudget {
  readonly provider: Provider;
  /**
   * Takes a slot for a query or mutation. Returns undefined when one was free (the hot path: no
   * promise), else a promise that resolves when the call's turn comes, or rejects with a
   * BudgetRefusal (RATE_LIMITED with retryAfterMs) when it can't come before the deadline.
   */
  admit(admission: Admission): Promise<void> | undefined;
  /** The provider answered 429: shrink the rate, and keep polls off it for `retryAfterMs`. */
  throttled(retryAfterMs?: number): void;
  stats(): BudgetStats;
  /** Refuses every waiting query; used at shutdown. */
  close(): void;
}

interface Waiter {
  admission: Admission;
  resolve(): void;
  reject(error: unknown): void;
  onAbort?: () => void;
}

/**
 * One provider's budget. Queries and mutations may fill the whole window; polls only
 * `pollShare` of it, and are told how long to wait rather than refused, so under a flood the
 * pollers slow down and the queries still get through. A query that finds the window full waits
 * in its client's queue; clients are served in turn, so one client's hundred queries don't make
 * another's one wait a hundred slots.
 */
export function createRateBudget(options: RateBudgetOptions): RateBudget {
  const { provider, maxRps } = options;
  if (!(maxRps > 0) || !Number.isFinite(maxRps)) throw new RangeError(`maxRps for ${provider} must be a finite number > 0, got ${maxRps}`);
  const pollShare = options.pollShare ?? 0.8;
  if (!(pollShare > 0 && pollShare <= 1)) throw new RangeError(`pollShare must be in (0, 1], got ${pollShare}`);
  const maxWaitingPerClient = options.maxWaitingPerClient ?? 64;
  const clock = options.clock ?? systemClock;
  const counter = options.counter ?? createMemorySlotCounter(clock);
  const rate = createAdaptiveRate(options.adaptive);
  const waiting = new Map<string, Waiter[]>();
  let waitingCount = 0;
  let drainTimer: unknown;
  let drainAt = 0;
  let draining = false;
  let pollsPausedUntil = 0;
  let closed = false;
  const spent: Record<CallPriority, number> = { query: 0, mutation: 0, poll: 0 };
  const refused = { deadline: 0, queueFull: 0, closed: 0 };
  let stretched = 0;
  /** The last count of a window the counter told, for `left`. */
  let seen = { window: -1, count: 0 };

  const effectiveRps = (): number => maxRps * rate.share(clock.now());
  const ceiling = (priority: CallPriority): number =>
    Math.max(1, Math.floor(priority === 'poll' ? effectiveRps() * pollShare : effectiveRps()));

  function refuse(waiter: Waiter, waitMs: number, reason: keyof typeof refused): void {
    refused[reason] += 1;
    waiter.reject(new BudgetRefusal(provider, Math.max(1, Math.ceil(waitMs)), `${REFUSAL_TEXT[reason]} (the gateway's budget for ${provider} is spent)`));
  }

  function enqueue(admission: Admission, waitMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { admission, resolve, reject };
      const queue = waiting.get(admission.clientId) ?? [];
      if (closed) return refuse(waiter, WINDOW_MS, 'closed');
      if (admission.deadlineAt !== undefined && clock.now() + waitMs > admission.deadlineAt) return refuse(waiter, waitMs, 'deadline');
      if (queue.length >= maxWaitingPerClient) return refuse(waiter, waitMs, 'queueFull');
      const { signal } = admission;
      if (signal) {
        waiter.onAbort = () => {
          if (remove(waiter)) reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      queue.push(waiter);
      waiting.set(admission.clientId, queue);
      waitingCount += 1;
      scheduleDrain(waitMs);
    });
  }

  function remove(waiter: Waiter): boolean {
    const queue = waiting.get(waiter.admission.clientId);
    const index = queue?.indexOf(waiter) ?? -1;
    if (!queue || index < 0) return false;
    queue.splice(index, 1);
    if (queue.length === 0) waiting.delete(waiter.admission.clientId);
    waitingCount -= 1;
    if (waiter.onAbort) waiter.admission.signal?.removeEventListener('abort', waiter.onAbort);
    return true;
  }

  /** The next waiter in round-robin order: the first client's first query; that client then goes to the back. */
  function nextWaiter(): Waiter | undefined {
    for (const [clientId, queue] of waiting) {
      if (queue.length > 1) {
        waiting.delete(clientId);
        waiting.set(clientId, queue);
      }
      return queue[0];
    }
    return undefined;
  }

  function scheduleDrain(waitMs: number): void {
    if (drainTimer !== undefined || draining || closed) return;
    drainAt = clock.now() + Math.max(1, waitMs);
    drainTimer = clock.setTimeout(() => {
      drainTimer = undefined;
      void drain();
    }, Math.max(1, waitMs));
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (waitingCount > 0 && !closed) {
        const grant = noted(await counter.take(ceiling('query')));
        if (!grant.taken) {
          refuseLate(grant.waitMs);
          draining = false;
          scheduleDrain(grant.waitMs);
          return;
        }
        const waiter = nextWaiter();
        if (!waiter) break;
        remove(waiter);
        spent[waiter.admission.priority] += 1;
        waiter.resolve();
      }
    } finally {
      draining = false;
    }
  }

  /** Waiters whose deadline comes before the next window are told now, not when it passes. */
  function refuseLate(waitMs: number): void {
    const next = clock.now() + waitMs;
    for (const queue of [...waiting.values()]) {
      for (const waiter of [...queue]) {
        const { deadlineAt } = waiter.admission;
        if (deadlineAt !== undefined && deadlineAt < next && remove(waiter)) refuse(waiter, waitMs, 'deadline');
      }
    }
  }

  /** How long until the waiting queue is served next: what a newcomer behind it waits at least. */
  const untilDrain = (): number => (draining ? 0 : Math.max(1, drainAt - clock.now()));

  function afterGrant<R>(grant: SlotGrant | Promise<SlotGrant>, then: (grant: SlotGrant) => R): R | Promise<R> {
    return grant instanceof Promise ? grant.then((each) => then(noted(each))) : then(noted(grant));
  }

  function noted(grant: SlotGrant): SlotGrant {
    if (grant.count !== undefined) seen = { window: Math.floor(clock.now() / WINDOW_MS), count: grant.count };
    return grant;
  }

  function left(): number {
    const full = ceiling('query');
    return seen.window === Math.floor(clock.now() / WINDOW_MS) ? Math.max(0, full - seen.count) : full;
  }

  return {
    provider,
    admit(admission) {
      if (waitingCount > 0 || closed) return enqueue(admission, untilDrain());
      const result = afterGrant(counter.take(ceiling(admission.priority)), (grant): Promise<void> | undefined => {
        if (!grant.taken) return enqueue(admission, grant.waitMs);
        spent[admission.priority] += 1;
        return undefined;
      });
      return result instanceof Promise ? result.then(() => undefined) : result;
    },
    nextPollSlot(options) {
      const stretch = options?.retry ? 0 : 1;
      const pausedMs = pollsPausedUntil - clock.now();
      if (pausedMs > 0 || waitingCount > 0 || closed) {
        stretched += stretch;
        return Math.max(pausedMs, closed ? WINDOW_MS : waitingCount > 0 ? untilDrain() : 0, 1);
      }
      return afterGrant(counter.take(ceiling('poll')), (grant) => {
        if (grant.taken) {
          spent.poll += 1;
          return 0;
        }
        stretched += stretch;
        return Math.max(1, grant.waitMs);
      });
    },
    throttled(retryAfterMs) {
      const now = clock.now();
      rate.throttled(now);
      if (retryAfterMs !== undefined) pollsPausedUntil = Math.max(pollsPausedUntil, now + retryAfterMs);
    },
    stats: () => ({
      provider,
      effectiveRps: effectiveRps(),
      left: left(),
      spent: { ...spent },
      stretched,
      refused: { ...refused },
      waiting: waitingCount,
    }),
    close() {
      closed = true;
      if (drainTimer !== undefined) clock.clearTimeout(drainTimer);
      drainTimer = undefined;
      for (const queue of [...waiting.values()]) for (const waiter of [...queue]) if (remove(waiter)) refuse(waiter, WINDOW_MS, 'closed');
    },
  };
}

const REFUSAL_TEXT = {
  deadline: 'No call to the provider can start before this request’s deadline',
  queueFull: 'Too many of this client’s requests are waiting',
  closed: 'The gateway is shutting down',
} as const;
