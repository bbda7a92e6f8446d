import type { Admission, LineCall } from '../http/upstream-line.js';
import type { Provider } from '../provider.js';
import { BudgetRefusal } from './budget-refusal.js';
import type { RateBudget } from './rate-budget.js';

/** Who a call is counted for when it carries no client id: background work and in-process callers share one queue. */
const NO_CLIENT = '-';

export interface BudgetAdmission {
  /**
   * The line's admission slot: queries and mutations take a slot (or wait in their client's turn);
   * a poll's first attempt passes, the hub's gate took its slot; a poll's retry takes a poll slot or is refused.
   */
  admit: Admission;
  /** The line's 429 hook: shrinks the provider's budget. */
  throttled(provider: Provider, retryAfterMs: number | undefined): void;
}

/** Puts each provider's rate budget into the upstream line; providers without a budget are admitted at once. */
export function budgetAdmission(budgets: Partial<Record<Provider, RateBudget>>): BudgetAdmission {
  return {
    admit(provider, call: LineCall) {
      if (call.purpose === 'poll') return call.retry === undefined ? undefined : pollRetrySlot(provider, budgets[provider]);
      return budgets[provider]?.admit({ priority: call.purpose, clientId: call.clientId ?? NO_CLIENT, deadlineAt: call.deadlineAt, signal: call.signal });
    },
    throttled(provider, retryAfterMs) {
      budgets[provider]?.throttled(retryAfterMs);
    },
  };
}

/** A poll's retry waits for no one: with no poll slot free now, it is refused and the poll fails with the provider's error. */
function pollRetrySlot(provider: Provider, budget: RateBudget | undefined): Promise<void> | undefined {
  if (!budget) return undefined;
  const refuseIfWaiting = (waitMs: number): void => {
    if (waitMs > 0) throw new BudgetRefusal(provider, waitMs, `No poll slot for a retry to ${provider}`);
  };
  const waitMs = budget.nextPollSlot({ retry: true });
  if (waitMs instanceof Promise) return waitMs.then(refuseIfWaiting);
  refuseIfWaiting(waitMs);
  return undefined;
}
