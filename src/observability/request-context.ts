import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import type { PollerHub } from '../live/poller-hub.js';

/** What every log line written while serving one request carries. */
interface RequestScope {
  readonly requestId: string;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/** Ids a client may choose: short, printable and free of anything a log parser could trip on. */
const CLIENT_ID = /^[\w.:/+=-]{1,128}$/;

/** The client's `x-request-id` when it is a sane one, else a fresh UUID. */
export function requestIdFrom(header: string | null | undefined): string {
  return header && CLIENT_ID.test(header) ? header : randomUUID();
}

/** Runs `fn` (and everything it starts) as part of the request `requestId`. */
export function runInRequest<T>(requestId: string, fn: () => T): T {
  return scopes.run({ requestId }, fn);
}

/** The id of the request being served, or undefined in background work (pollers, startup, shutdown). */
export function currentRequestId(): string | undefined {
  return scopes.getStore()?.requestId;
}

/**
 * The same hub, but a poller a subscription starts runs as background work, with no request id and
 * no trace. Async context flows into every timer and promise started inside it, so a poller started
 * by one subscriber would otherwise log that request's id, and add spans to its trace, for as long as it lives.
 */
export function pollInBackground(hub: PollerHub): PollerHub {
  return { ...hub, subscribe: (target, signal) => scopes.exit(() => context.with(ROOT_CONTEXT, () => hub.subscribe(target, signal))) };
}
