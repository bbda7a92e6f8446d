import type { Provider } from '../provider.js';
import type { UpstreamErrorCode } from '../upstream-error.js';

export interface UpstreamCallEvent {
  provider: Provider;
  method: 'GET' | 'PUT';
  /** 'OK' or the error code the call ended with. */
  outcome: 'OK' | UpstreamErrorCode | 'ABORTED';
  /** HTTP status when the upstream answered. */
  status: number | undefined;
  durationMs: number;
}

/**
 * What metrics, logs and traces learn about upstream calls. The upstream layer reports through
 * this interface so it never depends on any of them.
 */
export interface UpstreamObserver {
  onCall?(event: UpstreamCallEvent): void;
  onRetry?(event: { provider: Provider; method: 'GET' | 'PUT'; attempt: number; delayMs: number; code: UpstreamErrorCode }): void;
  onBreakerState?(event: { provider: Provider; state: 'closed' | 'open' | 'half-open' }): void;
}
