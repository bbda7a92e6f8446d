import { systemClock, type Clock } from '../live/clock.js';
import type { UpstreamObserver } from '../upstreams/http/upstream-observer.js';
import { providerLabel, type Provider } from '../upstreams/provider.js';
import type { UpstreamErrorCode } from '../upstreams/upstream-error.js';
import type { Logger } from './logger.js';

/** Failures that say the gateway's side is wrong or the upstream is down; a client's bad id or a missing session (NOT_FOUND, INVALID_INPUT…) is not one. */
const OPERATOR_FAILURES: ReadonlySet<string> = new Set<UpstreamErrorCode>(['UNAUTHENTICATED', 'RATE_LIMITED', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'UPSTREAM_BAD_RESPONSE']);

export interface UpstreamLogOptions {
  /** Drives the summary interval. @default systemClock */
  clock?: Clock;
  /** At most one summary line per provider and code this often. @default 60_000 */
  summaryIntervalMs?: number;
}

export interface UpstreamLog extends UpstreamObserver {
  /** Writes the summaries still pending and stops their timers. */
  flush(): void;
}

/**
 * One debug line per upstream call, built only from the event's fields: the observer never sees
 * the URL, the headers (so never the key) or the body. What an operator must act on is a warning:
 * a breaker opening, and failures such as a refused key or an unreachable upstream. Those are
 * warned of at once, then summed up at most once an interval per provider and code, so a provider
 * that is down writes a line a minute, not one per poll.
 */
export function upstreamLog(logger: Logger, options: UpstreamLogOptions = {}): UpstreamLog {
  const clock = options.clock ?? systemClock;
  const intervalMs = options.summaryIntervalMs ?? 60_000;
  const windows = new Map<string, { provider: Provider; code: string; failures: number; timer: unknown }>();

  const openWindow = (key: string, provider: Provider, code: string): void => {
    const timer = clock.setTimeout(() => closeWindow(key), intervalMs);
    // A pending summary must not keep the process alive; `flush` writes it on shutdown.
    (timer as { unref?: () => void } | null)?.unref?.();
    windows.set(key, { provider, code, failures: 0, timer });
  };
  const summarise = (window: { provider: Provider; code: string; failures: number }): void => {
    logger.warn({ provider: providerLabel(window.provider), code: window.code, failures: window.failures, intervalMs }, 'upstream calls still failing');
  };
  // A window with failures opens the next one, so a provider that stays down is summed up every interval; a quiet one ends, and the next failure is warned of at once.
  const closeWindow = (key: string): void => {
    const window = windows.get(key)!;
    windows.delete(key);
    if (window.failures === 0) return;
    summarise(window);
    openWindow(key, window.provider, window.code);
  };

  return {
    onCall({ provider, method, outcome, status, durationMs }) {
      if (OPERATOR_FAILURES.has(outcome)) {
        const key = `${provider}:${outcome}`;
        const window = windows.get(key);
        if (window) window.failures++;
        else {
          logger.warn({ provider: providerLabel(provider), code: outcome, status }, 'upstream call failed');
          openWindow(key, provider, outcome);
        }
      }
      // Every call passes here; at the default level there is nothing to build.
      if (!logger.isLevelEnabled('debug')) return;
      logger.debug({ provider: providerLabel(provider), method, outcome, status, durationMs: Math.round(durationMs * 10) / 10 }, 'upstream call');
    },
    onRetry({ provider, method, attempt, delayMs, code }) {
      logger.debug({ provider: providerLabel(provider), method, attempt, delayMs, code }, 'upstream retry');
    },
    onBreakerState({ provider, state }) {
      const line = { provider: providerLabel(provider), state };
      if (state === 'open') logger.warn(line, 'upstream circuit opened');
      else logger.info(line, `upstream circuit ${state}`);
    },
    flush() {
      for (const window of windows.values()) {
        clock.clearTimeout(window.timer);
        if (window.failures > 0) summarise(window);
      }
      windows.clear();
    },
  };
}

/** Reports every event to each observer in turn. */
export function combineObservers(...observers: UpstreamObserver[]): UpstreamObserver {
  const starters = observers.filter((o) => o.onStart);
  return {
    // Only when someone traces, so untraced calls send their headers as they are.
    onStart:
      starters.length === 0
        ? undefined
        : (call) => {
            const spans = starters.map((o) => o.onStart!(call));
            return { headers: Object.assign({}, ...spans.map((s) => s.headers)), end: (event) => spans.forEach((s) => s.end(event)) };
          },
    onCall: (event) => observers.forEach((o) => o.onCall?.(event)),
    onRetry: (event) => observers.forEach((o) => o.onRetry?.(event)),
    onBreakerState: (event) => observers.forEach((o) => o.onBreakerState?.(event)),
    onQueueFull: (event) => observers.forEach((o) => o.onQueueFull?.(event)),
  };
}
