import type { Clock } from './clock.js';
import type { LeaderLease } from './hub-transport.js';

/** One try for a lease: the lease, or how long to wait before the next try. */
export type BidAttempt = () => Promise<LeaderLease | { retryInMs: number }>;

export interface LeaseBid {
  /** Resolves to the lease once won, or undefined once withdrawn. */
  readonly lease: Promise<LeaderLease | undefined>;
  /** Try now rather than at the next retry (the lease was freed, or the transport's mode changed). */
  wake(): void;
  withdraw(): void;
}

/**
 * Keeps trying `attempt`, the first time after `firstTryInMs`, until it yields a lease or the bid is withdrawn (also by `signal`). One
 * try runs at a time; a wake during a try makes another follow at once. A lease won after the
 * bid was withdrawn is released, so it does not block other instances until it expires.
 */
export function bidForLease(attempt: BidAttempt, clock: Clock, signal?: AbortSignal, firstTryInMs = 0): LeaseBid {
  let resolveLease: (lease: LeaderLease | undefined) => void = () => {};
  const lease = new Promise<LeaderLease | undefined>((resolve) => (resolveLease = resolve));
  let timer: unknown;
  let trying = false;
  let tryAgain = false;
  let done = false;

  const finish = (won: LeaderLease | undefined): void => {
    if (done) return;
    done = true;
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    signal?.removeEventListener('abort', withdraw);
    resolveLease(won);
  };
  const withdraw = (): void => finish(undefined);

  async function run(): Promise<void> {
    trying = true;
    tryAgain = false;
    const outcome = await attempt();
    trying = false;
    if (done) {
      if ('release' in outcome) outcome.release();
      return;
    }
    if ('release' in outcome) return finish(outcome);
    if (tryAgain) return run();
    runIn(outcome.retryInMs);
  }

  function runIn(ms: number): void {
    timer = clock.setTimeout(() => {
      timer = undefined;
      void run();
    }, ms);
  }

  signal?.addEventListener('abort', withdraw, { once: true });
  if (firstTryInMs > 0) runIn(firstTryInMs);
  else void run();
  return {
    lease,
    wake() {
      if (done) return;
      if (trying) {
        tryAgain = true;
        return;
      }
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      void run();
    },
    withdraw,
  };
}
