import type { AttributeValue, Attributes, HrTime } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';
import { request } from 'undici';

export interface OtlpHttpExporterOptions {
  /** Collector base URL; spans are POSTed to `<endpoint>/v1/traces`. */
  endpoint: string;
  /** Sent with every export, e.g. a vendor's API key. Never logged. */
  headers?: Record<string, string>;
  /** `service.name` of every span. */
  serviceName: string;
  /**
   * Give up on one export after this long; the spans are dropped, requests never wait for it.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * Told about each export that failed (collector down, non-2xx); the spans in it are dropped.
   * @default ignore
   */
  onError?(error: Error): void;
}

/**
 * OTLP over HTTP with the JSON encoding, which every OpenTelemetry collector (and Jaeger, Tempo,
 * Honeycomb...) accepts on port 4318. It is written here because the official exporter package
 * is not among our dependencies, and the wire format is small and stable.
 */
export function createOtlpHttpExporter(options: OtlpHttpExporterOptions): SpanExporter {
  const url = `${options.endpoint.replace(/\/+$/, '')}/v1/traces`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pending = new Set<Promise<void>>();

  const send = async (spans: ReadableSpan[]): Promise<ExportResult> => {
    try {
      const response = await request(url, {
        method: 'POST',
        headers: { ...options.headers, 'content-type': 'application/json' },
        body: JSON.stringify(toOtlpJson(spans, options.serviceName)),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await response.body.dump();
      if (response.statusCode >= 200 && response.statusCode < 300) return { code: ExportResultCode.SUCCESS };
      return { code: ExportResultCode.FAILED, error: new Error(`OTLP collector answered ${response.statusCode}`) };
    } catch (error) {
      return { code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) };
    }
  };

  return {
    export(spans, resultCallback) {
      const sending = send(spans).then((result) => {
        if (result.error) options.onError?.(result.error);
        resultCallback(result);
      });
      pending.add(sending);
      void sending.finally(() => pending.delete(sending));
    },
    async forceFlush() {
      await Promise.all(pending);
    },
    async shutdown() {
      await Promise.all(pending);
    },
  };
}

/** The OTLP/JSON ExportTraceServiceRequest for `spans`: ids in hex, times as nanosecond strings, enums as numbers. */
export function toOtlpJson(spans: readonly ReadableSpan[], serviceName: string): unknown {
  const byScope = new Map<string, ReadableSpan[]>();
  for (const span of spans) {
    const scope = `${span.instrumentationScope.name}@${span.instrumentationScope.version ?? ''}`;
    byScope.set(scope, [...(byScope.get(scope) ?? []), span]);
  }
  const resource = spans[0]?.resource.attributes ?? {};
  return {
    resourceSpans: [
      {
        resource: { attributes: toKeyValues({ ...resource, 'service.name': serviceName }) },
        scopeSpans: [...byScope.values()].map((scoped) => ({
          scope: { name: scoped[0]!.instrumentationScope.name, version: scoped[0]!.instrumentationScope.version },
          spans: scoped.map(toOtlpSpan),
        })),
      },
    ],
  };
}

function toOtlpSpan(span: ReadableSpan): unknown {
  const { traceId, spanId } = span.spanContext();
  return {
    traceId,
    spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    name: span.name,
    // OTLP counts SPAN_KIND_UNSPECIFIED as 0, so every API kind is one higher on the wire.
    kind: span.kind + 1,
    startTimeUnixNano: nanos(span.startTime),
    endTimeUnixNano: nanos(span.endTime),
    attributes: toKeyValues(span.attributes),
    events: span.events.map((event) => ({ name: event.name, timeUnixNano: nanos(event.time), attributes: toKeyValues(event.attributes ?? {}) })),
    status: { code: span.status.code, message: span.status.message },
  };
}

function nanos([seconds, nanoseconds]: HrTime): string {
  return (BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds)).toString();
}

function toKeyValues(attributes: Attributes): unknown[] {
  return Object.entries(attributes)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => ({ key, value: toAnyValue(value!) }));
}

function toAnyValue(value: AttributeValue): unknown {
  if (Array.isArray(value)) return { arrayValue: { values: value.filter((v) => v !== null && v !== undefined).map((v) => toAnyValue(v as AttributeValue)) } };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
  return { stringValue: String(value) };
}
