import { context, defaultTextMapSetter, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
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

export interface TracingSettings {
  /** `otlp`: OTLP/HTTP JSON to `<otlpEndpoint>/v1/traces`; `console`: one object per span on stdout. */
  exporter: 'otlp' | 'console';
  /** Collector base URL. */
  otlpEndpoint: string;
  /** Extra headers for the collector, e.g. an API key. */
  otlpHeaders: Record<string, string>;
  /** How long one export may take, retries of a collector that is down included, ms. */
  otlpTimeoutMs: number;
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

type OtlpOptions = NonNullable<ConstructorParameters<typeof OTLPTraceExporter>[0]>;

/**
 * The official OTLP/HTTP exporter (JSON encoding, which every collector accepts on port 4318).
 * Each option the library would otherwise read from process.env is passed here, so the config
 * stays the one reader of the environment (it still merges env headers in, under ours).
 */
function exporterFor(settings: TracingSettings): SpanExporter {
  if (settings.exporter === 'console') return new ConsoleSpanExporter();
  return new OTLPTraceExporter({
    url: `${settings.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`,
    headers: settings.otlpHeaders,
    timeoutMillis: settings.otlpTimeoutMs,
    compression: 'none' as OtlpOptions['compression'],
    httpAgentOptions: { keepAlive: true },
  });
}

/**
 * Our own code where the library has none: a failed export reaches only OpenTelemetry's diag
 * logger, which is silent unless installed globally, so the gateway's logger is told here.
 */
function reportingFailures(exporter: SpanExporter, onError: (error: Error) => void): SpanExporter {
  return {
    export: (spans, resultCallback) =>
      exporter.export(spans, (result) => {
        if (result.error) onError(result.error);
        resultCallback(result);
      }),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
    shutdown: () => exporter.shutdown(),
  };
}

/**
 * A tracer provider per gateway, so tests can run several side by side. Registering it installs
 * the async-local context manager that carries the active span from an operation into its
 * upstream calls; only the first gateway in a process becomes the global provider, which
 * nothing here relies on.
 */
export function createTracing(settings: TracingSettings, onExportError: (error: Error) => void): Tracing {
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': settings.serviceName })),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor(reportingFailures(exporterFor(settings), onExportError))],
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
