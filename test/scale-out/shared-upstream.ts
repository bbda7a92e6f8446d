import type { HubEvent } from '../../src/live/hub-event.js';
import type { PollTarget } from '../../src/live/poll-target.js';

/** A session whose values carry what must survive the wire: a bigint counter and a Date. */
export interface CounterSession {
  provider: 'PING';
  version: number;
  isTerminal: boolean;
  uploadedBytes: bigint;
  fetchedAt: Date;
}

export interface Fetch {
  instance: string;
  at: number;
}

/** Calls `check` now and after every `onChange`, resolving when it holds; rejects after `timeoutMs`. */
export function until(check: () => boolean, onChange: (wake: () => void) => () => void, timeoutMs: number, what: string): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const stop = onChange(() => {
      if (!check()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

/**
 * One upstream session that every hub's target reads: each hub polls it through its own target,
 * so `fetches` counts polls across the fleet, per instance.
 */
export function createSharedUpstream(key: string) {
  let version = 1;
  let terminal = false;
  let failure: unknown;
  const fetches: Fetch[] = [];
  const dead = new Set<string>();
  const watchers = new Set<() => void>();

  return {
    key,
    fetches,
    /** The next fetch answers with `nextVersion`. */
    set(nextVersion: number, isTerminal = false): void {
      version = nextVersion;
      terminal = isTerminal;
    },
    /** Fetches throw `error` until called again with undefined. */
    fail(error: unknown): void {
      failure = error;
    },
    /** From now on `instance` behaves like a dead process: its fetches never reach the upstream nor settle (until aborted). */
    kill(instance: string): void {
      dead.add(instance);
    },
    onFetch(wake: () => void): () => void {
      watchers.add(wake);
      return () => void watchers.delete(wake);
    },
    target(instance: string): PollTarget<CounterSession> {
      return {
        key,
        provider: 'PING',
        fetch(signal) {
          if (dead.has(instance)) {
            return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
          }
          fetches.push({ instance, at: Date.now() });
          for (const wake of [...watchers]) wake();
          if (failure !== undefined) return Promise.reject(failure);
          return Promise.resolve({ provider: 'PING', version, isTerminal: terminal, uploadedBytes: 2n ** 63n - BigInt(version), fetchedAt: new Date() });
        },
        fingerprint: (session) => `${session.version}:${session.uploadedBytes}:${session.isTerminal}`,
        isTerminal: (session) => session.isTerminal,
      };
    },
  };
}

export type SharedUpstream = ReturnType<typeof createSharedUpstream>;

/** Reads a hub subscription as fast as events come, labelling each (a value whose bigint or Date did not survive is labelled `corrupt`). */
export function recordEvents(iterator: AsyncIterableIterator<HubEvent<CounterSession>>) {
  const labels: string[] = [];
  const watchers = new Set<() => void>();
  const record = {
    labels,
    done: false,
    /** Resolves once the labels satisfy `check`. */
    until: (check: (labels: readonly string[]) => boolean, timeoutMs: number, what: string) =>
      until(() => check(labels), (wake) => (watchers.add(wake), () => void watchers.delete(wake)), timeoutMs, what),
    close: () => iterator.return?.(),
  };
  void (async () => {
    for await (const event of iterator) {
      labels.push(label(event));
      for (const wake of [...watchers]) wake();
    }
    record.done = true;
    for (const wake of [...watchers]) wake();
  })();
  return record;
}

function label(event: HubEvent<CounterSession>): string {
  if (event.type !== 'value') return event.type;
  const { version, uploadedBytes, fetchedAt } = event.value;
  const intact = typeof uploadedBytes === 'bigint' && uploadedBytes === 2n ** 63n - BigInt(version) && fetchedAt instanceof Date;
  return intact ? `v${version}` : `corrupt ${JSON.stringify(event.value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`;
}

/** The versions 1..n, as recordEvents labels them: every change once, in order. */
export const versions = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `v${from + i}`);
