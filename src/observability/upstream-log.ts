import type { UpstreamObserver } from '../upstreams/http/upstream-observer.js';
import { providerLabel } from '../upstreams/provider.js';
import type { Logger } from './logger.js';

/**
 * One debug line per upstream call, built only from the event's fields: the observer never sees
 * the URL, the headers (so never the key) or the body. A breaker opening is a warning because
 * it changes what clients get.
 */
export function upstreamLog(logger: Logger): UpstreamObserver {
  return {
    onCall({ provider, method, outcome, status, durationMs }) {
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
  };
}
