import { getOperationAST, Kind, type DocumentNode, type ExecutionResult } from 'graphql';
import { isAsyncIterable, isIntrospectionOperationString, type Plugin } from 'graphql-yoga';
import { Counter, type Registry } from 'prom-client';
import { boundCounter, boundHistogram, type CounterCell, type HistogramCell } from './bound-metrics.js';
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

/** The series one operation type observes, each bound to its label set once. */
interface OperationSeries {
  parse: HistogramCell;
  validate: HistogramCell;
  context: HistogramCell;
  execute: HistogramCell;
  subscribe: HistogramCell;
  duration: HistogramCell;
  requests: CounterCell;
  errors: Record<'parse' | 'validate' | 'context' | 'execute' | 'subscribe', CounterCell>;
}

/** One operation on its way through the phases: its series, and when its parse began. */
interface Operation {
  series: OperationSeries;
  started: number;
}

/**
 * yoga's standard operation metrics (the series of @graphql-yoga/plugin-prometheus, by the same
 * names, help and labels) and the `/metrics` endpoint for the whole registry. They are observed
 * here rather than by that plugin, which resolves and hashes every label set on every phase of
 * every request: that was a fifth of the hot path's CPU. Here each label set is bound once, to
 * cells that prom-client's registry reads at scrape time (./bound-metrics.ts).
 * Operation names, error paths and URLs are chosen by clients, so they are not labels: a client
 * could otherwise create a new series with every request. The deprecated-field counter (a walk of
 * every document, and our schema deprecates nothing) and the request summary (it cannot be
 * aggregated across replicas; the duration histogram can) are left out.
 */
export function useMetrics(options: MetricsOptions): Plugin {
  const { registry } = options;
  const endpoint = options.endpoint ?? '/metrics';
  const registers = [registry];
  const histogram = (name: string, help: string) => boundHistogram({ name, help, labelNames: ['operationType'], registers });
  const http = boundHistogram({ name: 'graphql_yoga_http_duration', help: 'Time spent on HTTP connection', labelNames: ['method', 'statusCode', 'operationType'], registers });
  const handled = boundCounter({
    name: 'sessiongraph_http_requests_total',
    help: 'HTTP requests by what answered them: the hot path, or yoga (a mutation, GET, another Accept or Origin, anything to refuse)',
    labelNames: ['handler'],
    registers,
  });
  const phases = {
    parse: histogram('graphql_envelop_phase_parse', 'Time spent on running GraphQL "parse" function'),
    validate: histogram('graphql_envelop_phase_validate', 'Time spent on running GraphQL "validate" function'),
    context: histogram('graphql_envelop_phase_context', 'Time spent on building the GraphQL context'),
    execute: histogram('graphql_envelop_phase_execute', 'Time spent on running the GraphQL "execute" function'),
    subscribe: histogram('graphql_envelop_phase_subscribe', 'Time spent on running the GraphQL "subscribe" function'),
    duration: histogram('graphql_envelop_request_duration', 'Time spent on running the GraphQL operation from parse to execute'),
  };
  const errors = boundCounter({ name: 'graphql_envelop_error_result', help: 'Counts the amount of errors reported from all phases', labelNames: ['operationType', 'phase'], registers });
  const requests = boundCounter({ name: 'graphql_envelop_request', help: 'Counts the amount of GraphQL requests executed through Envelop', labelNames: ['operationType'], registers });
  const schemaChanges = new Counter({ name: 'graphql_envelop_schema_change', help: 'Counts the amount of schema changes', registers });

  const seriesByType = new Map<string, OperationSeries>();
  const seriesOf = (operationType: string): OperationSeries => {
    let series = seriesByType.get(operationType);
    if (!series) {
      const labels = { operationType };
      const errorsIn = (phase: string) => errors({ operationType, phase });
      series = {
        parse: phases.parse(labels),
        validate: phases.validate(labels),
        context: phases.context(labels),
        execute: phases.execute(labels),
        subscribe: phases.subscribe(labels),
        duration: phases.duration(labels),
        requests: requests(labels),
        errors: { parse: errorsIn('parse'), validate: errorsIn('validate'), context: errorsIn('context'), execute: errorsIn('execute'), subscribe: errorsIn('subscribe') },
      };
      seriesByType.set(operationType, series);
    }
    return series;
  };
  const byHotPath = handled({ handler: 'hot_path' });
  const byYoga = handled({ handler: 'yoga' });

  // An operation's state rides on its context as a property: a WeakMap entry per request (a set,
  // three gets, and a table that grows until the contexts are collected) cost about 1 µs a request.
  const OPERATION = Symbol('metrics operation');
  type Measured = { [OPERATION]?: Operation };
  const operationOf = (context: unknown) => (context as Measured | undefined)?.[OPERATION];
  /** yoga's HTTP requests (never the hot path's): when each began, and what its document's operation is. */
  const httpStarted = new WeakMap<Request, number>();
  const httpOperationType = new WeakMap<Request, string>();
  const seconds = (since: number) => (performance.now() - since) / 1_000;
  /** What observes an execute or subscribe phase once it has a result: its errors, then its time, when the last result is in. */
  const resultObserver = ({ series, started: parseStarted }: Operation, phase: 'execute' | 'subscribe') => {
    const started = performance.now();
    const countErrors = ({ errors: found }: ExecutionResult) => {
      if (found !== undefined && found.length > 0) series.errors[phase].inc(found.length);
    };
    const end = () => {
      series[phase].observe(seconds(started));
      series.duration.observe(seconds(parseStarted));
      series.requests.inc();
    };
    return (result: ExecutionResult | AsyncIterable<ExecutionResult>) => {
      if (isAsyncIterable(result)) return { onNext: ({ result: next }: { result: ExecutionResult }) => countErrors(next), onEnd: end };
      countErrors(result);
      end();
      return undefined;
    };
  };

  const plugin: Plugin = {
    onPluginInit({ registerContextErrorHandler }) {
      registerContextErrorHandler(({ context }) => {
        const operation = operationOf(context);
        if (operation) operation.series.errors.context.inc();
      });
    },
    onSchemaChange() {
      schemaChanges.inc();
    },
    onRequest({ request, url, fetchAPI, endResponse }) {
      if (url.pathname === endpoint) {
        return registry.metrics().then((text) => endResponse(new fetchAPI.Response(text, { headers: { 'Content-Type': registry.contentType } })));
      }
      httpStarted.set(request, performance.now());
      return undefined;
    },
    onParse({ context, params }) {
      // Introspection is left out of the operation metrics (a tool's polling would swamp them), not out of the HTTP ones.
      const introspection = isIntrospectionOperationString(params.source);
      const started = performance.now();
      return ({ result }) => {
        if (!isDocument(result)) {
          if (introspection) return;
          // @envelop/prometheus labelled these operationType="undefined"; there is no operation to know.
          const unknown = seriesOf('unknown');
          unknown.parse.observe(seconds(started));
          unknown.errors.parse.inc();
          return;
        }
        const request = (context as { request?: Request }).request;
        if (request !== undefined && httpStarted.has(request)) {
          const operationName = (context as { params?: { operationName?: string } }).params?.operationName;
          httpOperationType.set(request, getOperationAST(result, operationName)?.operation ?? 'unknown');
        }
        if (introspection) return;
        // The first definition's type, as @envelop/prometheus labels it, whichever operation is run.
        const first = result.definitions[0];
        const series = seriesOf(first?.kind === Kind.OPERATION_DEFINITION ? first.operation : 'unknown');
        series.parse.observe(seconds(started));
        (context as Measured)[OPERATION] = { series, started };
      };
    },
    onValidate({ context }) {
      const operation = operationOf(context);
      if (!operation) return undefined;
      const started = performance.now();
      return ({ valid }) => {
        operation.series.validate.observe(seconds(started));
        if (!valid) operation.series.errors.validate.inc();
      };
    },
    onContextBuilding({ context }) {
      const operation = operationOf(context);
      if (!operation) return undefined;
      const started = performance.now();
      return () => operation.series.context.observe(seconds(started));
    },
    onExecute({ args }) {
      const operation = operationOf(args.contextValue);
      if (!operation) return undefined;
      const done = resultObserver(operation, 'execute');
      return { onExecuteDone: ({ result }) => done(result) };
    },
    onSubscribe({ args }) {
      const operation = operationOf(args.contextValue);
      if (!operation) return undefined;
      const done = resultObserver(operation, 'subscribe');
      return { onSubscribeResult: ({ result }) => done(result), onSubscribeError: () => operation.series.errors.subscribe.inc() };
    },
    onResponse({ request, response }) {
      byYoga.inc();
      const started = httpStarted.get(request);
      const operationType = httpOperationType.get(request);
      if (started !== undefined && operationType !== undefined) http({ method: request.method, statusCode: response.status, operationType }).observe(seconds(started));
    },
  };
  return withHotPath(plugin, {
    request(_req, serve) {
      const started = performance.now();
      return serve().then((answer) => {
        http({ method: 'POST', statusCode: answer.status, operationType: answer.operationType }).observe(seconds(started));
        byHotPath.inc();
        return answer;
      });
    },
  });
}

function isDocument(result: DocumentNode | Error | null): result is DocumentNode {
  return result !== null && !(result instanceof Error);
}
