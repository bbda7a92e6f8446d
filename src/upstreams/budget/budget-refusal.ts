import type { Provider } from '../provider.js';
import { UpstreamError } from '../upstream-error.js';

/**
 * RATE_LIMITED said by the gateway, not the provider: the operator's budget for the provider is
 * spent for now. Its own class so a poller can tell it from a provider's 429 and wait quietly
 * instead of telling subscribers the provider is degraded.
 */
export class BudgetRefusal extends UpstreamError {
  readonly origin = 'gateway';

  constructor(provider: Provider, retryAfterMs: number, reason: string) {
    super('RATE_LIMITED', provider, `${reason}; retry after ${retryAfterMs} ms`, { retryAfterMs });
  }
}

export function isBudgetRefusal(error: unknown): error is BudgetRefusal {
  return error instanceof BudgetRefusal;
}
