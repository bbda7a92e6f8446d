import type { Provider } from '../provider.js';
import type { UpstreamErrorCode } from '../upstream-error.js';

/** The HTTP methods the contracts use: reads (GET), close (PUT), creates and Kadoa's commands (POST), Ping's pause and resume (PATCH). */
export type UpstreamMethod = 'GET' | 'PUT' | 'POST' | 'PATCH';

export interface UpstreamCallEvent {
  provider: Provider;
  method: UpstreamMethod;
  /** 'OK' or the error code the call ended with. */
  outcome: 'OK' | UpstreamErrorCode | 'ABORTED';
  /** HTTP status when the upstream answered. */
  status: number | undefined;
  durationMs: number;
}

/** One upstream request about to be sent, as a tracer sees it. */
export interface UpstreamCallSpan {
  /** Headers to add to the request (tracing sends the W3C `traceparent` here). */
  headers: Record<string, string>;
  /** Called once, with the same event as `onCall`. */
  end(event: UpstreamCallEvent): void;
}

/**
 * What metrics, logs and traces learn about upstream calls. The upstream layer reports through
 * this interface so it never depends on any of them.
 */
export interface UpstreamObserver {
  /** Called just before the request is sent. */
  onStart?(call: { provider: Provider; method: UpstreamMethod }): UpstreamCallSpan;
  onCall?(event: UpstreamCallEvent): void;
  onRetry?(event: { provider: Provider; method: UpstreamMethod; attempt: number; delayMs: number; code: UpstreamErrorCode }): void;
  onBreakerState?(event: { provider: Provider; state: 'closed' | 'open' | 'half-open' }): void;
  /** A call refused unsent because UPSTREAM_MAX_QUEUED calls already waited for the provider's connections. */
  onQueueFull?(event: { provider: Provider; method: UpstreamMethod }): void;
}
