import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLResponse } from './test-gateway.js';

export interface SubscriptionStream<T = Record<string, unknown>> {
  /** Next result, or null when the server completed the stream. Rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<GraphQLResponse<T> | null>;
  close(): Promise<void>;
}

export type Transport = 'sse' | 'ws';

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}

/** Yoga's SSE transport over a real socket: POST with `accept: text/event-stream`. */
export async function subscribeSse<T>(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<SubscriptionStream<T>> {
  const controller = new AbortController();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`SSE subscribe failed: ${response.status} ${await response.text()}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let done = false;
  const readEvent = async (): Promise<GraphQLResponse<T> | null> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trimStart())
          .join('\n');
        if (event === 'complete') return null;
        if (event === 'next' || (!event && data)) return JSON.parse(data) as GraphQLResponse<T>;
        continue;
      }
      if (done) return null;
      const chunk = await reader.read();
      if (chunk.done) done = true;
      else buffer += chunk.value;
    }
  };
  return {
    next: (timeoutMs = 5_000) => withTimeout(readEvent(), timeoutMs, 'an SSE event'),
    async close() {
      controller.abort();
      await reader.cancel().catch(() => undefined);
    },
  };
}

/** graphql-ws over a real WebSocket on the same /graphql path. */
export function subscribeWs<T>(url: string, query: string, variables: Record<string, unknown> = {}, client?: Client): SubscriptionStream<T> {
  const owned = client ?? createClient({ url: `${url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  const iterator = owned.iterate<T>({ query, variables });
  return {
    async next(timeoutMs = 5_000) {
      try {
        const result = await withTimeout(iterator.next(), timeoutMs, 'a WebSocket event');
        return result.done ? null : (result.value as GraphQLResponse<T>);
      } catch (error) {
        // graphql-ws reports an operation error (e.g. validation, a thrown subscribe) as a rejection.
        if (Array.isArray(error)) return { errors: error } as GraphQLResponse<T>;
        throw error;
      }
    },
    async close() {
      await iterator.return?.();
      if (!client) await owned.dispose();
    },
  };
}

export function subscribe<T>(transport: Transport, url: string, query: string, variables?: Record<string, unknown>): Promise<SubscriptionStream<T>> {
  return transport === 'sse' ? subscribeSse<T>(url, query, variables) : Promise.resolve(subscribeWs<T>(url, query, variables));
}
