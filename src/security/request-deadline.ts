import { setMaxListeners } from 'node:events';
import type { Plugin } from 'graphql-yoga';
import type { SessionClient } from '../upstreams/session-client.js';
import type { SessionClients } from '../upstreams/upstreams.js';

/** The deadline of one operation: an AbortSignal that fires some time after the operation starts executing. */
export interface RequestDeadline {
  /** Undefined until started: a subscription never starts it, and lives as long as its client. */
  readonly signal: AbortSignal | undefined;
  /** Starts the clock. Only queries and mutations start it. */
  start(): void;
}

/**
 * Deadlines of `ms`, kept by one timer per window of start times rather than one per operation.
 * An operation started in a window gets its signal, which fires `ms` after the window ends, so
 * each gets at least `ms` and at most `ms` plus the window (a twentieth of `ms`, at most 100 ms).
 * A timer and an AbortController per query were 3 % of the fast path's CPU
 * (docs/performance.md); a finished operation never needed either, and now there is nothing of
 * its own to clear.
 */
export function createDeadlineClock(ms: number): () => RequestDeadline {
  const windowMs = Math.max(1, Math.min(100, Math.floor(ms / 20)));
  const windows = new Map<number, AbortSignal>();
  const signalFor = (window: number): AbortSignal => {
    let signal = windows.get(window);
    if (signal) return signal;
    const controller = new AbortController();
    signal = controller.signal;
    // Every upstream call started in the window listens on this one signal; that is not a leak.
    setMaxListeners(0, signal);
    windows.set(window, signal);
    const timer = setTimeout(
      () => {
        windows.delete(window);
        // A TimeoutError, like AbortSignal.timeout's: the upstream guard reports it as UPSTREAM_TIMEOUT.
        controller.abort(new DOMException(`The request deadline of ${ms} ms passed`, 'TimeoutError'));
      },
      (window + 1) * windowMs + ms - Date.now(),
    );
    timer.unref();
    return signal;
  };
  return () => {
    let signal: AbortSignal | undefined;
    return {
      get signal() {
        return signal;
      },
      start() {
        signal ??= signalFor(Math.floor(Date.now() / windowMs));
      },
    };
  };
}

function within<S>(client: SessionClient<S>, deadline: RequestDeadline): SessionClient<S> {
  const { close } = client;
  return {
    provider: client.provider,
    get: (ref, options) => client.get(ref, { ...options, signal: options.signal ?? deadline.signal }),
    ...(close ? { close: (ref, options) => close(ref, { ...options, signal: options.signal ?? deadline.signal }) } : {}),
  };
}

/**
 * The clients one operation uses: a call without a signal of its own ends at the deadline. Pollers
 * pass their own signal, so a subscription's shared poller never inherits one request's deadline.
 */
export function clientsWithin(clients: SessionClients, deadline: RequestDeadline): SessionClients {
  return {
    DEEPSET: within(clients.DEEPSET, deadline),
    PARADIGM: within(clients.PARADIGM, deadline),
    PING: within(clients.PING, deadline),
    KADOA: within(clients.KADOA, deadline),
  };
}

/** Starts each query's and mutation's deadline as it executes. */
export function useRequestDeadline(): Plugin {
  return {
    onExecute({ args }) {
      (args.contextValue as { deadline?: RequestDeadline }).deadline?.start();
    },
  };
}
