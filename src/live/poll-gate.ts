import type { PollBudget } from '../upstreams/budget/rate-budget.js';
import type { Clock } from './clock.js';

/** Where a due poller waits for the budget's go-ahead. */
export interface PollGate {
  /** Runs `poll` once the budget grants a slot (at once when it has one and nobody is waiting). Returns a cancel. */
  enter(poll: () => void): () => void;
  /** Pollers waiting now. */
  readonly waiting: number;
}

/**
 * One provider's queue of due pollers. When the budget is short, a due poller joins the back and
 * the front one polls as each slot frees up: round-robin, so with N sessions watched and R polls
 * per second left, every session is still polled about every N/R seconds and none is starved.
 */
export function createPollGate(budget: PollBudget, clock: Clock): PollGate {
  const queue = new Set<{ poll: () => void }>();
  let timer: unknown;
  let asking = false;

  function ask(): void {
    if (asking || timer !== undefined) return;
    const [head] = queue;
    if (!head) return;
    asking = true;
    const answer = budget.nextPollSlot();
    if (typeof answer === 'number') answered(answer);
    else answer.then(answered, () => answered(1_000));
  }

  function answered(waitMs: number): void {
    asking = false;
    const [head] = queue;
    if (waitMs > 0 || !head) {
      // A granted slot with nobody left to use it is lost; it is one poll in a window, and rare.
      if (head) timer = clock.setTimeout(() => {
        timer = undefined;
        ask();
      }, waitMs);
      return;
    }
    queue.delete(head);
    head.poll();
    ask();
  }

  return {
    enter(poll) {
      const entry = { poll };
      queue.add(entry);
      ask();
      return () => {
        queue.delete(entry);
        if (queue.size === 0 && timer !== undefined) {
          clock.clearTimeout(timer);
          timer = undefined;
        }
      };
    },
    get waiting() {
      return queue.size;
    },
  };
}
