import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { boundCounter, boundHistogram } from '../../src/observability/bound-metrics.js';

/** The same observations into prom-client's own metrics and into bound ones: /metrics must not tell them apart. */
function bothWays(observe: (histogram: (labels: Record<string, string | number>, value: number) => void, counter: (labels: Record<string, string | number>, by?: number) => void) => void) {
  const own = new Registry();
  const histogram = new Histogram({ name: 'h_seconds', help: 'A "histogram"\\ with\nescapes', labelNames: ['method', 'statusCode'], registers: [own], buckets: [0.01, 0.1, 1] });
  const counter = new Counter({ name: 'c_total', help: 'A counter', labelNames: ['method', 'statusCode'], registers: [own] });
  observe(
    (labels, value) => histogram.labels(labels).observe(value),
    (labels, by) => counter.labels(labels).inc(by),
  );

  const bound = new Registry();
  const boundH = boundHistogram({ name: 'h_seconds', help: 'A "histogram"\\ with\nescapes', labelNames: ['method', 'statusCode'], registers: [bound], buckets: [0.01, 0.1, 1] });
  const boundC = boundCounter({ name: 'c_total', help: 'A counter', labelNames: ['method', 'statusCode'], registers: [bound] });
  observe(
    (labels, value) => boundH(labels as Record<'method' | 'statusCode', string>).observe(value),
    (labels, by) => boundC(labels as Record<'method' | 'statusCode', string>).inc(by),
  );
  return { own, bound };
}

describe('bound metrics', () => {
  it('expose exactly what prom-client exposes for the same observations: buckets on their bounds, +Inf, sums, several label sets in first-seen order', async () => {
    const { own, bound } = bothWays((observe, inc) => {
      for (const value of [0.001, 0.01, 0.0100001, 0.5, 1, 7, 0.05]) observe({ method: 'POST', statusCode: 200 }, value);
      observe({ method: 'GET', statusCode: 400 }, 0.2);
      observe({ method: 'POST', statusCode: 200 }, 0.3);
      inc({ method: 'POST', statusCode: 200 });
      inc({ method: 'GET', statusCode: 'x"y' }, 3);
      inc({ method: 'POST', statusCode: 200 }, 2.5);
    });
    const text = await bound.metrics();
    expect(text).toBe(await own.metrics());
    expect(text).toContain('h_seconds_bucket{le="0.01",method="POST",statusCode="200"} 2');
    expect(text).toContain('h_seconds_count{method="POST",statusCode="200"} 8');
    expect(text).toContain('c_total{method="POST",statusCode="200"} 3.5');
    expect(await bound.getMetricsAsJSON()).toEqual(await own.getMetricsAsJSON());
  });

  it('show a label set only once it has been observed or counted, zero included, and none after a reset, as prom-client does', async () => {
    const { own, bound } = bothWays((_observe, inc) => {
      inc({ method: 'GET', statusCode: 200 }, 0);
    });
    expect(await bound.metrics()).toBe(await own.metrics());
    expect(await bound.metrics()).toContain('c_total{method="GET",statusCode="200"} 0');
    own.resetMetrics();
    bound.resetMetrics();
    expect(await bound.metrics()).toBe(await own.metrics());
    expect(await bound.metrics()).not.toContain('c_total{');
  });

  it('keep counting into a cell bound before a reset', async () => {
    const registry = new Registry();
    const counter = boundCounter({ name: 'kept_total', help: 'kept', labelNames: ['kind'], registers: [registry] });
    const cell = counter({ kind: 'a' });
    cell.inc();
    registry.resetMetrics();
    cell.inc(2);
    expect(await registry.metrics()).toContain('kept_total{kind="a"} 2');
  });
});
