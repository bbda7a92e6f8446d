import { Counter, type Histogram, type Registry } from 'prom-client';

export interface FastPathMetrics {
  /** One query served: its status, the whole request, its context and its execution in seconds, and how many errors it returned. */
  served(query: { statusCode: number; requestSeconds: number; contextSeconds: number; executeSeconds: number; errors: number }): void;
  /** One request handed to yoga. */
  passedOn(): void;
}

const OPERATION = { operationType: 'query' } as const;

/**
 * The fast path reports into the series yoga's Prometheus plugin registered (src/observability/
 * use-metrics.ts), with the same labels, so a dashboard counts every query whichever path served
 * it. Only the parse and validate phases are not observed: the fast path does neither. The label
 * sets are bound once; yoga's plugin resolves them on every request, which is most of what its
 * metrics cost.
 */
export function createFastPathMetrics(registry: Registry): FastPathMetrics {
  const histogram = (name: string) => registry.getSingleMetric(name) as Histogram | undefined;
  const counter = (name: string) => registry.getSingleMetric(name) as Counter | undefined;
  const http = histogram('graphql_yoga_http_duration');
  const execute = histogram('graphql_envelop_phase_execute')?.labels(OPERATION);
  const context = histogram('graphql_envelop_phase_context')?.labels(OPERATION);
  const duration = histogram('graphql_envelop_request_duration')?.labels(OPERATION);
  const requests = counter('graphql_envelop_request')?.labels(OPERATION);
  const errorResults = counter('graphql_envelop_error_result')?.labels({ ...OPERATION, phase: 'execute' });
  const httpByStatus = new Map<number, ReturnType<Histogram['labels']>>();
  const handled = new Counter({
    name: 'sessiongraph_http_requests_total',
    help: 'HTTP requests by what answered them: the fast path, or yoga (a first sight of a query, a mutation, GET, another Accept or Origin, anything to refuse)',
    labelNames: ['handler'],
    registers: [registry],
  });
  const servedCount = handled.labels({ handler: 'fast_path' });
  const passedOnCount = handled.labels({ handler: 'yoga' });

  return {
    served({ statusCode, requestSeconds, contextSeconds, executeSeconds, errors }) {
      let byStatus = httpByStatus.get(statusCode);
      if (!byStatus && http) {
        byStatus = http.labels({ ...OPERATION, method: 'POST', statusCode });
        httpByStatus.set(statusCode, byStatus);
      }
      byStatus?.observe(requestSeconds);
      requests?.inc();
      context?.observe(contextSeconds);
      execute?.observe(executeSeconds);
      duration?.observe(executeSeconds);
      if (errors > 0) errorResults?.inc(errors);
      servedCount.inc();
    },
    passedOn() {
      passedOnCount.inc();
    },
  };
}
