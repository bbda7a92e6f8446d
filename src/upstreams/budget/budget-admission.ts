import type { Admission, LineCall } from '../http/upstream-line.js';
import type { Provider } from '../provider.js';
import type { RateBudget } from './rate-budget.js';

/** Who a call is counted for when it carries no client id: background work and in-process callers share one queue. */
const NO_CLIENT = '-';

export interface BudgetAdmission {
  /** The line's admission slot: queries and mutations take a slot (or wait in their client's turn); polls pass, the hub's gate took theirs. */
  admit: Admission;
  /** The line's 429 hook: shrinks the provider's budget. */
  throttled(provider: Provider, retryAfterMs: number | undefined): void;
}

/** Puts each provider's rate budget into the upstream line; providers without a budget are admitted at once. */
export function budgetAdmission(budgets: Partial<Record<Provider, RateBudget>>): BudgetAdmission {
  return {
    admit(provider, call: LineCall) {
      if (call.purpose === 'poll') return undefined;
      return budgets[provider]?.admit({ priority: call.purpose, clientId: call.clientId ?? NO_CLIENT, deadlineAt: call.deadlineAt, signal: call.signal });
    },
    throttled(provider, retryAfterMs) {
      budgets[provider]?.throttled(retryAfterMs);
    },
  };
}
