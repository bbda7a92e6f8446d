import { createHistogram, usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { Counter, type Registry } from 'prom-client';
import { withHotPath } from '../server/hot-path/hot-path-hooks.js';

export interface MetricsOptions {
  /** The gateway's registry; `/metrics` serves everything in it. */
  registry: Registry;
  /**
   * Path the metrics are served on.
   * @default '/metrics'
   */
  endpoint?: string;
}

/**
 * yoga's standard operation metrics, and the `/metrics` endpoint for the whole registry. Operation
 * names, error paths and URLs are chosen by clients, so they are not labels: a client could
 * otherwise create a new series with every request. Two defaults are off: the deprecated-field
 * counter walks every document with type info (our schema deprecates nothing), and the request
 * summary cannot be aggregated across replicas (the duration histogram can). Together they cost
 * about as much CPU as all the other metrics. The HTTP duration histogram is made here, so the
 * hot path, where yoga's HTTP hooks do not run, observes the same series.
 */
export function useMetrics(options: MetricsOptions): Plugin {
  const { registry } = options;
  const http = createHistogram({
    registry,
    histogram: { name: 'graphql_yoga_http_duration', help: 'Time spent on HTTP connection', labelNames: ['method', 'statusCode', 'operationType'] as const },
    fillLabelsFn: (params: { operationType?: string }, { request, response }: { request: Request; response: Response }) => ({
      method: request.method,
      statusCode: response.status,
      operationType: params.operationType ?? 'unknown',
    }),
  });
  const handled = new Counter({
    name: 'sessiongraph_http_requests_total',
    help: 'HTTP requests by what answered them: the hot path, or yoga (a mutation, GET, another Accept or Origin, anything to refuse)',
    labelNames: ['handler'],
    registers: [registry],
  });
  // Label sets bound once: resolving them is most of what a metric costs per request.
  const httpByAnswer = new Map<string, ReturnType<typeof http.histogram.labels>>();
  const httpSeries = (statusCode: number, operationType: string) => {
    const key = `${statusCode} ${operationType}`;
    let series = httpByAnswer.get(key);
    if (!series) httpByAnswer.set(key, (series = http.histogram.labels({ method: 'POST', statusCode, operationType })));
    return series;
  };
  const byHotPath = handled.labels({ handler: 'fast_path' });
  const byYoga = handled.labels({ handler: 'yoga' });
  const prometheus = usePrometheus({
    registry,
    endpoint: options.endpoint ?? '/metrics',
    skipIntrospection: true,
    metrics: { graphql_envelop_deprecated_field: false, graphql_envelop_request_time_summary: false, graphql_yoga_http_duration: http as never },
    labels: { operationName: false, path: false, url: false, fieldName: true, typeName: true, operationType: true, phase: true, method: true, statusCode: true },
  });
  return withHotPath(
    {
      onPluginInit({ addPlugin }) {
        addPlugin(prometheus);
        addPlugin({ onResponse: () => byYoga.inc() });
      },
    },
    {
      async request(_req, serve) {
        const started = performance.now();
        const answer = await serve();
        if (answer) {
          httpSeries(answer.status, answer.operationType).observe((performance.now() - started) / 1_000);
          byHotPath.inc();
        }
        return answer;
      },
    },
  );
}
