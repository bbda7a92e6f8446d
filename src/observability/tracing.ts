import { context, defaultTextMapSetter, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import type { UpstreamObserver } from '../upstreams/http/upstream-observer.js';
import { providerLabel } from '../upstreams/provider.js';
import { createOtlpHttpExporter } from './otlp-http-exporter.js';

export interface TracingSettings {
  /** `otlp`: OTLP/HTTP JSON to `otlpEndpoint`; `console`: one object per span on stdout. */
  exporter: 'otlp' | 'console';
  /** Collector base URL. */
  otlpEndpoint: string;
  /** Extra headers for the collector, e.g. an API key. */
  otlpHeaders: Record<string, string>;
  serviceName: string;
  /** Share of new traces kept, 0..1; a caller's sampled flag always wins. */
  sampleRatio: number;
}

export interface Tracing {
  readonly tracer: Tracer;
  /** Opens a client span around each upstream call and sends its `traceparent` upstream. */
  readonly upstreamObserver: UpstreamObserver;
  /** Exports what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

const TRACER_NAME = 'sessiongraph';

/** The W3C `traceparent`/`tracestate` codec, for requests in and out. */
export const traceContext = new W3CTraceContextPropagator();

export function exporterFor(settings: TracingSettings, onError?: (error: Error) => void): SpanExporter {
  return settings.exporter === 'console'
    ? new ConsoleSpanExporter()
    : createOtlpHttpExporter({ endpoint: settings.otlpEndpoint, headers: settings.otlpHeaders, serviceName: settings.serviceName, onError });
}

/**
 * A tracer provider per gateway, so tests can run several side by side. Registering it installs
 * the async-local context manager that carries the active span from an operation into its
 * upstream calls; only the first gateway in a process becomes the global provider, which
 * nothing here relies on.
 */
export function createTracing(exporter: SpanExporter, sampleRatio = 1): Tracing {
  const provider = new NodeTracerProvider({
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register({ propagator: null });
  const tracer = provider.getTracer(TRACER_NAME);

  return {
    tracer,
    upstreamObserver: {
      onStart({ provider: upstream, method }) {
        const span = tracer.startSpan(`${method} ${providerLabel(upstream)}`, {
          kind: SpanKind.CLIENT,
          attributes: { 'http.request.method': method, 'sessiongraph.provider': providerLabel(upstream) },
        });
        const headers: Record<string, string> = {};
        traceContext.inject(trace.setSpan(context.active(), span), headers, defaultTextMapSetter);
        return {
          headers,
          end({ outcome, status }) {
            span.setAttribute('sessiongraph.outcome', outcome);
            if (status !== undefined) span.setAttribute('http.response.status_code', status);
            if (outcome !== 'OK') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
            span.end();
          },
        };
      },
    },
    shutdown: () => provider.shutdown(),
  };
}
