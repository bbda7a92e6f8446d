import type { GatewayConfig } from '../config/gateway-config.js';
import type { UpstreamObserver } from '../upstreams/http/upstream-observer.js';
import type { Logger } from './logger.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.js';
import { createReadiness, type Readiness } from './readiness.js';
import { createTracing, type Tracing } from './tracing.js';
import { combineObservers, upstreamLog } from './upstream-log.js';

export interface Telemetry {
  /** Null when METRICS=0. */
  readonly metrics: GatewayMetrics | null;
  /** Null unless OTEL_TRACING=1. */
  readonly tracing: Tracing | null;
  readonly readiness: Readiness;
  /** Logs, counts and traces every upstream call. */
  readonly upstreamObserver: UpstreamObserver;
  /** Writes the pending upstream failure summaries and exports the spans still buffered; never rejects. */
  close(): Promise<void>;
}

/** Metrics, tracing, readiness and the upstream observer, built once per gateway from its config. */
export function createTelemetry(config: GatewayConfig, logger: Logger): Telemetry {
  const metrics = config.metrics ? createGatewayMetrics() : null;
  const onExportError = (error: Error) => logger.warn({ error: error.message }, 'could not export spans; they are dropped');
  const tracing = config.tracing ? createTracing(config.tracing, onExportError) : null;
  const log = upstreamLog(logger);
  const observers = [log, metrics?.upstreamObserver, tracing?.upstreamObserver].filter((o) => o !== undefined);
  return {
    metrics,
    tracing,
    readiness: createReadiness(),
    upstreamObserver: combineObservers(...observers),
    // A collector that is down must not turn a clean shutdown into a failed one.
    close: () => {
      log.flush();
      return tracing?.shutdown().catch(() => undefined) ?? Promise.resolve();
    },
  };
}
