import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { configProblems } from '../support/config-problems.js';


describe('operations settings', () => {
  it('default to metrics on, tracing off, and a drain longer than the request deadline', () => {
    const config = loadConfig({});
    expect([config.metrics, config.tracing, config.shutdownTimeoutMs, config.logLevel, config.prettyLogs]).toEqual([true, null, 20_000, 'info', false]);
    expect(config.shutdownTimeoutMs).toBeGreaterThan(config.security.requestDeadlineMs);
    expect(loadConfig({}, true).prettyLogs).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }, true).prettyLogs).toBe(false);
  });

  it('read every tracing variable', () => {
    const config = loadConfig({
      METRICS: '0',
      SHUTDOWN_TIMEOUT_MS: '25000',
      OTEL_TRACING: '1',
      OTEL_TRACES_EXPORTER: 'console',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'X-Honeycomb-Team=abc%2C123, dataset = prod',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_SERVICE_NAME: 'sessiongraph-eu',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect([config.metrics, config.shutdownTimeoutMs]).toEqual([false, 25_000]);
    expect(config.tracing).toEqual({
      exporter: 'console',
      otlpEndpoint: 'https://otel.example.com:4318',
      otlpHeaders: { 'x-honeycomb-team': 'abc,123', dataset: 'prod' },
      otlpTimeoutMs: 2_500,
      serviceName: 'sessiongraph-eu',
      sampleRatio: 0.25,
    });
  });

  it('report every bad value at once, without echoing a collector header value', () => {
    const found = configProblems({
      SHUTDOWN_TIMEOUT_MS: '-1',
      METRICS: 'yes',
      OTEL_TRACING: 'on',
      OTEL_TRACES_EXPORTER: 'zipkin',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key-without-a-value-s3cr3t',
      OTEL_TRACES_SAMPLER_ARG: '2',
      OTEL_EXPORTER_OTLP_TIMEOUT: '0',
    });
    expect(found).toHaveLength(8);
    expect(found.join('\n')).toMatch(/SHUTDOWN_TIMEOUT_MS[\s\S]*METRICS|METRICS[\s\S]*SHUTDOWN_TIMEOUT_MS/);
    for (const name of ['OTEL_TRACING', 'OTEL_TRACES_EXPORTER', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_TRACES_SAMPLER_ARG', 'OTEL_EXPORTER_OTLP_TIMEOUT']) {
      expect(found.some((p) => p.startsWith(name))).toBe(true);
    }
    expect(found.join('\n')).not.toContain('s3cr3t');
  });
});
