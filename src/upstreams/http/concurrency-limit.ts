export interface ConcurrencyLimitOptions {
  /** Calls to one provider in flight at once. @default 32 (UPSTREAM_CONNECTIONS) */
  maxConcurrent: number;
  /** Calls allowed to wait for a free slot; the next one is refused at once. @default 1024 (UPSTREAM_MAX_QUEUED) */
  maxQueued: number;
}

export interface ConcurrencyLimit {
  /**
   * Runs `task` once a slot is free. Rejects with QueueFull when `maxQueued` calls already wait,
   * or with the signal's reason when it aborts while waiting; `task` then never runs.
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  readonly active: number;
  readonly queued: number;
}

/** Too many calls already wait for this provider: refusing is cheaper than queueing without end. */
export class QueueFull extends Error {
  override readonly name = 'QueueFull';
}

/**
 * A FIFO semaphore. The pool's socket count already bounds calls on the wire; this bounds the
 * queue in front of it, so a slow provider sheds load instead of collecting work it cannot finish.
 */
export function createConcurrencyLimit(options: ConcurrencyLimitOptions): ConcurrencyLimit {
  let active = 0;
  /** Each waiting call's start. */
  const waiting: (() => void)[] = [];

  const release = (): void => {
    active -= 1;
    waiting.shift()?.();
  };

  // The task's own promise goes back to the caller, with the release hung beside it rather than
  // wrapped around it: one promise fewer between an upstream's answer and its caller.
  const runNow = <T>(task: () => Promise<T>): Promise<T> => {
    active += 1;
    let running: Promise<T>;
    try {
      running = task();
    } catch (error) {
      release();
      return Promise.reject(error);
    }
    running.then(release, release);
    return running;
  };

  return {
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
    run(task, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < options.maxConcurrent) return runNow(task);
      if (waiting.length >= options.maxQueued) return Promise.reject(new QueueFull(`more than ${options.maxQueued} calls are waiting`));
      return new Promise((resolve, reject) => {
        const onAbort = (): void => {
          waiting.splice(waiting.indexOf(start), 1);
          reject(signal!.reason);
        };
        const start = (): void => {
          signal?.removeEventListener('abort', onAbort);
          runNow(task).then(resolve, reject);
        };
        waiting.push(start);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
