import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';

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
 * about as much CPU as all the other metrics.
 */
export function useMetrics(options: MetricsOptions): Plugin {
  return usePrometheus({
    registry: options.registry,
    endpoint: options.endpoint ?? '/metrics',
    skipIntrospection: true,
    metrics: { graphql_envelop_deprecated_field: false, graphql_envelop_request_time_summary: false },
    labels: { operationName: false, path: false, url: false, fieldName: true, typeName: true, operationType: true, phase: true, method: true, statusCode: true },
  });
}
