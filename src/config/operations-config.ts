import type { TracingSettings } from '../observability/tracing.js';
import type { EnvReader } from './env-reader.js';
import type { GatewayConfig } from './gateway-config.js';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

type OperationsConfig = Pick<GatewayConfig, 'port' | 'host' | 'production' | 'logLevel' | 'prettyLogs' | 'shutdownTimeoutMs' | 'metrics' | 'hotPath' | 'tracing'>;

/** Operating it (docs/operations.md): the listener, logs, the drain, metrics, tracing. */
export function readOperationsConfig(read: EnvReader, production: boolean, isTty: boolean): OperationsConfig {
  return {
    port: read.int('PORT', 4000, 0, 65_535),
    host: read.text('HOST') ?? '127.0.0.1',
    production,
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    prettyLogs: isTty && !production,
    // Longer than the default REQUEST_DEADLINE_MS, so a request still within its deadline is never cut.
    shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 20_000, 0, 600_000),
    metrics: read.flag('METRICS', true),
    // FAST_PATH is HOT_PATH's deprecated old name.
    hotPath: read.flag('HOT_PATH', read.flag('FAST_PATH', true)),
    tracing: readTracing(read),
  };
}

/** Tracing is off unless OTEL_TRACING=1; the other OTEL_* names and meanings follow the OpenTelemetry spec. Every one is checked, on or off. */
function readTracing(read: EnvReader): TracingSettings | null {
  const on = read.flag('OTEL_TRACING');
  const otlpEndpoint = read.text('OTEL_EXPORTER_OTLP_ENDPOINT') ?? 'http://localhost:4318';
  if (!/^https?:\/\/[^/]/.test(otlpEndpoint)) read.problem(`OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL (got "${otlpEndpoint}")`);
  const otlpHeaders: Record<string, string> = {};
  for (const pair of read.list('OTEL_EXPORTER_OTLP_HEADERS')) {
    const at = pair.indexOf('=');
    let value: string | undefined;
    try {
      value = at > 0 ? decodeURIComponent(pair.slice(at + 1).trim()) : undefined;
    } catch {
      value = undefined;
    }
    // The value may be a secret, so the problem never echoes the pair.
    if (value === undefined) read.problem('OTEL_EXPORTER_OTLP_HEADERS must be name=value pairs separated by commas, values URL-encoded');
    else otlpHeaders[pair.slice(0, at).trim().toLowerCase()] = value;
  }
  const rawRatio = read.text('OTEL_TRACES_SAMPLER_ARG');
  const sampleRatio = rawRatio === null ? 1 : Number(rawRatio);
  const ratioOk = sampleRatio >= 0 && sampleRatio <= 1;
  if (!ratioOk) read.problem(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (got "${rawRatio}")`);
  const otlpTimeoutMs = read.int('OTEL_EXPORTER_OTLP_TIMEOUT', 10_000, 1, 600_000);
  const exporter = read.oneOf('OTEL_TRACES_EXPORTER', ['otlp', 'console'], 'otlp');
  const serviceName = read.text('OTEL_SERVICE_NAME') ?? 'sessiongraph';
  return on ? { exporter, otlpEndpoint, otlpHeaders, otlpTimeoutMs, serviceName, sampleRatio: ratioOk ? sampleRatio : 1 } : null;
}
