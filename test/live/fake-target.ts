import type { HubEvent } from '../../src/live/hub-event.js';
import type { HubTransport, LeaderLease } from '../../src/live/hub-transport.js';
import { createMemoryTransport } from '../../src/live/memory-transport.js';
import type { PollTarget } from '../../src/live/poll-target.js';
import type { Provider } from '../../src/upstreams/provider.js';
import { isUpstreamError } from '../../src/upstreams/upstream-error.js';

export interface FakeSession {
  state: 'OPEN' | 'CLOSED';
  version: number;
  /** Volatile: differs on every fetch and must not count as a change. */
  fetchedAt: number;
}

/** What the next fetches answer: a session, an error to throw, or a fetch that only settles when released or aborted. */
export type FakeAnswer = { state: FakeSession['state']; version: number } | { error: unknown } | 'hang';

export interface FakeTarget extends PollTarget<FakeSession> {
  answer: FakeAnswer;
  /** Clock reading at the start of each fetch. */
  readonly fetchTimes: number[];
  readonly signals: AbortSignal[];
  /** Settle the hanging fetches with the current answer (set a non-hang answer first). */
  release(): void;
}

export function createFakeTarget(key = 'PING:session-1:cred-hash', provider: Provider = 'PING'): FakeTarget {
  const hanging: { resolve: (value: FakeSession) => void; reject: (error: unknown) => void }[] = [];
  const target: FakeTarget = {
    key,
    provider,
    answer: { state: 'OPEN', version: 1 },
    fetchTimes: [],
    signals: [],
    fetch(signal) {
      target.fetchTimes.push(Date.now());
      target.signals.push(signal);
      const answer = target.answer;
      if (answer === 'hang') {
        return new Promise((resolve, reject) => {
          const entry = { resolve, reject };
          hanging.push(entry);
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      }
      if ('error' in answer) return Promise.reject(answer.error);
      return Promise.resolve({ ...answer, fetchedAt: Date.now() });
    },
    fingerprint: (value) => `${value.state}:${value.version}`,
    isTerminal: (value) => value.state === 'CLOSED',
    release() {
      const answer = target.answer;
      for (const { resolve, reject } of hanging.splice(0)) {
        if (answer === 'hang') throw new Error('set an answer before release()');
        if ('error' in answer) reject(answer.error);
        else resolve({ ...answer, fetchedAt: Date.now() });
      }
    },
  };
  return target;
}

/** Compact, comparable form of an event. */
export function label(event: HubEvent<FakeSession>): string {
  switch (event.type) {
    case 'value':
      return `value ${event.value.state} v${event.value.version}`;
    case 'degraded':
      return `degraded ${isUpstreamError(event.error) ? event.error.code : event.error.message} in ${event.retryAfterMs}`;
    case 'recovered':
      return 'recovered';
    case 'ended':
      return `ended ${event.reason}`;
    case 'failed':
      return `failed ${isUpstreamError(event.error) ? event.error.code : String(event.error)}`;
  }
}

/** Reads an iterator as fast as events come, recording them. */
export function collect(iterator: AsyncIterableIterator<HubEvent<FakeSession>>): { labels: string[]; done: boolean } {
  const seen = { labels: [] as string[], done: false };
  void (async () => {
    for await (const event of iterator) seen.labels.push(label(event));
    seen.done = true;
  })();
  return seen;
}

/** A memory transport that counts what is still registered, and can refuse leadership to play a follower. */
export function createCountingTransport(options: { lead?: boolean } = {}) {
  const inner = createMemoryTransport();
  const counts = { listeners: 0, pollHandlers: 0, leases: 0 };
  const transport: HubTransport = {
    publish: (key, event) => inner.publish(key, event),
    subscribe(key, listener) {
      counts.listeners += 1;
      return once(inner.subscribe(key, listener), () => (counts.listeners -= 1));
    },
    async acquireLeadership(key) {
      const lease = await inner.acquireLeadership(key);
      if (options.lead === false || !lease) return undefined;
      counts.leases += 1;
      const counted: LeaderLease = { release: once(() => lease.release(), () => (counts.leases -= 1)) };
      return counted;
    },
    requestPoll: (key) => inner.requestPoll(key),
    onPollRequest(key, onRequest) {
      counts.pollHandlers += 1;
      return once(inner.onPollRequest(key, onRequest), () => (counts.pollHandlers -= 1));
    },
  };
  return { transport, counts };
}

function once(undo: () => void, count: () => void): () => void {
  let undone = false;
  return () => {
    if (undone) throw new Error('released twice');
    undone = true;
    undo();
    count();
  };
}

/** For tests that assert exact poll times: no randomised timing. */
export const NO_JITTER = { firstPoll: 0, firstPollMaxMs: 0, interval: 0, retryAfter: 0 } as const;
