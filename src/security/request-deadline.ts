import { setMaxListeners } from 'node:events';
import type { Plugin } from 'graphql-yoga';

/** The deadline of one operation: an AbortSignal that fires some time after the operation starts executing. Its calls carry it in their options. */
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
 * A timer and an AbortController per query were 3 % of the hot path's CPU
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
  const current = () => signalFor(Math.floor(Date.now() / windowMs));
  return () => new WindowedDeadline(current);
}

/** One operation's deadline. A class: an object literal with a getter, made for every request, was the slower kind to make. */
class WindowedDeadline implements RequestDeadline {
  signal: AbortSignal | undefined;
  constructor(private readonly current: () => AbortSignal) {}
  start(): void {
    this.signal ??= this.current();
  }
}

/** Starts each query's and mutation's deadline as it executes. */
export function useRequestDeadline(): Plugin {
  return {
    onExecute({ args }) {
      (args.contextValue as { deadline?: RequestDeadline }).deadline?.start();
    },
  };
}
