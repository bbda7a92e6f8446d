import { setMaxListeners } from 'node:events';
import type { Plugin } from 'graphql-yoga';
import type { SessionClient } from '../upstreams/session-client.js';
import type { SessionClients } from '../upstreams/upstreams.js';

/** A per-operation AbortSignal that fires `ms` after the operation starts executing. */
export interface RequestDeadline {
  readonly signal: AbortSignal;
  /** Starts the clock. Only queries and mutations start it: a subscription lives as long as its client. */
  start(): void;
  /** Stops the clock: the operation is done. */
  clear(): void;
}

export function createRequestDeadline(ms: number): RequestDeadline {
  const controller = new AbortController();
  // Every upstream call of the operation listens on this one signal; a 50-session fan-out is not a leak.
  setMaxListeners(0, controller.signal);
  let timer: NodeJS.Timeout | undefined;
  return {
    signal: controller.signal,
    start() {
      if (timer !== undefined) return;
      // A TimeoutError, like AbortSignal.timeout's: the upstream guard reports it as UPSTREAM_TIMEOUT.
      timer = setTimeout(() => controller.abort(new DOMException(`The request deadline of ${ms} ms passed`, 'TimeoutError')), ms);
      timer.unref();
    },
    clear() {
      clearTimeout(timer);
    },
  };
}

function within<S>(client: SessionClient<S>, signal: AbortSignal): SessionClient<S> {
  const { close } = client;
  return {
    provider: client.provider,
    get: (ref, options) => client.get(ref, { ...options, signal: options.signal ?? signal }),
    ...(close ? { close: (ref, options) => close(ref, { ...options, signal: options.signal ?? signal }) } : {}),
  };
}

/**
 * The clients one operation uses: a call without a signal of its own ends at the deadline. Pollers
 * pass their own signal, so a subscription's shared poller never inherits one request's deadline.
 */
export function clientsWithin(clients: SessionClients, signal: AbortSignal): SessionClients {
  return {
    DEEPSET: within(clients.DEEPSET, signal),
    PARADIGM: within(clients.PARADIGM, signal),
    PING: within(clients.PING, signal),
    KADOA: within(clients.KADOA, signal),
  };
}

/** Starts each query's and mutation's deadline as it executes, and stops it when execution ends. */
export function useRequestDeadline(): Plugin {
  return {
    onExecute({ args }) {
      const { deadline } = args.contextValue as { deadline?: RequestDeadline };
      deadline?.start();
      return {
        onExecuteDone() {
          deadline?.clear();
        },
      };
    },
  };
}
