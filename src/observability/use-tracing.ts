import { context, defaultTextMapGetter, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { getOperationAST, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { withHotPath } from '../server/hot-path/hot-path-hooks.js';
import { traceContext } from './tracing.js';

export interface TracingOptions {
  tracer: Tracer;
}

/**
 * A server span per GraphQL operation, made active while it executes so every upstream call
 * becomes its child. An incoming `traceparent` makes the operation part of the caller's trace.
 * For a subscription the span covers setting it up; each later event is not traced.
 */
export function useTracing(options: TracingOptions): Plugin {
  const { tracer } = options;
  const inOperationSpan = (phase: 'execute' | 'subscribe', wrapped: () => unknown): unknown => {
    const span = tracer.startSpan(`graphql.${phase}`, { kind: SpanKind.SERVER });
    return context.with(trace.setSpan(context.active(), span), () => {
      const end = (error?: unknown) => {
        if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        span.end();
      };
      try {
        const result = wrapped();
        if (result instanceof Promise) return result.then(() => end(), (error: unknown) => (end(error), Promise.reject(error)));
        end();
        return result;
      } catch (error) {
        end(error);
        throw error;
      }
    });
  };
  return withHotPath({
    instrumentation: {
      request: ({ request }, wrapped) => context.with(traceContext.extract(ROOT_CONTEXT, request.headers, headerGetter), wrapped),
      execute: (_payload, wrapped) => inOperationSpan('execute', wrapped) as ReturnType<typeof wrapped>,
      subscribe: (_payload, wrapped) => inOperationSpan('subscribe', wrapped) as ReturnType<typeof wrapped>,
    },
    onExecute({ args }) {
      const span = nameActiveSpan(args.document, args.operationName);
      return span && { onExecuteDone: ({ result }) => markErrors(span, result) };
    },
    onSubscribe({ args }) {
      const span = nameActiveSpan(args.document, args.operationName);
      return span && { onSubscribeResult: ({ result }) => markErrors(span, result) };
    },
  }, {
    // What the request instrumentation does, from node's headers: the operation joins the caller's trace.
    request: (req, serve) => context.with(traceContext.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter), serve),
  });
}

/** Names the active span after the operation (`query DemoSessions`). */
function nameActiveSpan(document: DocumentNode, operationName: string | null | undefined): Span | undefined {
  const span = trace.getActiveSpan();
  const operation = getOperationAST(document, operationName);
  if (!span || !operation) return undefined;
  const name = operation.name?.value;
  span.updateName(name ? `${operation.operation} ${name}` : operation.operation);
  span.setAttribute('graphql.operation.type', operation.operation);
  if (name) span.setAttribute('graphql.operation.name', name);
  return span;
}

/** A result with errors (expected ones included) marks the span; a stream's events are not inspected. */
function markErrors(span: Span, result: unknown): void {
  const errors = (result as { errors?: readonly unknown[] }).errors;
  if (!errors || errors.length === 0) return;
  span.setAttribute('graphql.error.count', errors.length);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

const headerGetter = {
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
  keys: (headers: Headers) => [...headers.keys()],
};
