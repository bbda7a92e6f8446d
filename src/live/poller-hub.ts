import { PROVIDERS, type Provider } from '../upstreams/provider.js';
import { isFinalEvent, type HubEvent } from './hub-event.js';
import type { LeaderLease } from './hub-transport.js';
import type { PollTarget } from './poll-target.js';
import { createPollGate, type PollGate } from './poll-gate.js';
import { createPoller, type Poller } from './poller.js';
import { resolvePollerHubOptions, type PollerHubOptions } from './poller-hub-options.js';
import { createSubscriberQueue, type SubscriberQueue } from './subscriber-queue.js';
import { createWatchLimit, type WatchTicket } from './watch-limit.js';

export type { PollerHubOptions } from './poller-hub-options.js';
export { WatchLimitError } from './watch-limit.js';

export interface HubStats {
  /** Open subscription iterators on this instance. */
  activeSubscriptions: number;
  /** Keys this instance is polling right now. */
  activePollers: number;
  /** Upstream fetches started since the hub was created. */
  polls: Record<Provider, number>;
  /** Upstream fetches that failed (transient or not) since the hub was created. */
  pollErrors: Record<Provider, number>;
}

/** How the hub is holding back: for metrics next to the budgets' own stats. */
export interface AdmissionStats {
  /** Due polls waiting for a slot in their provider's budget right now. */
  waitingForBudget: Record<Provider, number>;
  /** Subscriptions refused because their client watched too many sessions. */
  watchRefusals: number;
}

export interface PollerHub {
  /**
   * Subscribe; returns an iterator of events. The subscription starts at once, not on the first
   * `next()`. Calling `.return()` (or breaking out of for-await) unsubscribes, and so does
   * aborting `signal`. A late subscriber first gets the key's latest value (and, while the
   * upstream is failing, the current `degraded`) without an extra upstream call.
   */
  subscribe<T>(target: PollTarget<T>, signal?: AbortSignal): AsyncIterableIterator<HubEvent<T>>;
  /**
   * Counts a client's sessions against `maxWatchedSessionsPerClient` before it subscribes to them;
   * throws WatchLimitError (code WATCH_LIMIT_EXCEEDED) when they don't fit. Release the ticket
   * when the subscription ends.
   */
  reserveWatch(clientId: string, keys: readonly string[]): WatchTicket;
  /** Ask the poller for this key (if any) to poll again right now (used after a closeSession mutation). No-op without a poller. */
  pokeNow(key: string): void;
  /** Latest snapshot for a key if this instance polls it and fetched it at most `maxAgeMs` ago, else undefined. */
  snapshot<T>(key: string, maxAgeMs: number): { value: T; fetchedAt: number } | undefined;
  /**
   * The snapshot a read may be answered with instead of an upstream call: one this instance's
   * poller fetched less than its provider's base interval ago. A change after that would be
   * fetched by the poller's next poll anyway, so the read is as fresh as a subscriber's view.
   */
  freshSnapshot<T>(key: string): { value: T; fetchedAt: number } | undefined;
  stats(): HubStats;
  admissionStats(): AdmissionStats;
  /** Stop all pollers (aborting fetches in flight, without waiting for them); every open iterator completes. Used at shutdown. */
  close(): Promise<void>;
}

/** Everything this instance holds for one key: its subscribers, and its poller while it leads. */
interface Channel {
  readonly key: string;
  readonly queues: Set<SubscriberQueue<unknown>>;
  latestValue?: Extract<HubEvent<unknown>, { type: 'value' }>;
  degraded?: Extract<HubEvent<unknown>, { type: 'degraded' }>;
  /** When a mutation last asked for a poll: snapshots fetched before then don't answer reads. */
  pokedAt?: number;
  closed: boolean;
  /** Stops listening on the transport. */
  unsubscribe: () => void;
  /** Aborted when the channel closes while a bid for leadership is still under way, which ends it. */
  readonly candidacy: AbortController;
  bidding: boolean;
  /** Present while this instance polls the key. */
  leadership?: Leadership;
}

interface Leadership {
  readonly poller: Poller<unknown>;
  readonly intervalMs: number;
  /** Stop polling and stop taking poll requests; `release` also gives the lease back. */
  stop(release: boolean): void;
}

/**
 * Creates the hub that turns polling into push: every subscriber of a key shares one poller,
 * which lives exactly as long as the key has subscribers. Events always go poller -> transport
 * -> channel -> subscriber queues, even in one process, so a shared transport spreads a single
 * leader's polling over many gateway instances, and hands it to another when the lease is lost.
 */
export function createPollerHub(options: PollerHubOptions = {}): PollerHub {
  const settings = resolvePollerHubOptions(options);
  const { transport, clock } = settings;
  const channels = new Map<string, Channel>();
  const polls = countPerProvider();
  const pollErrors = countPerProvider();
  const gates = new Map<Provider, PollGate>();
  for (const provider of PROVIDERS) {
    const budget = settings.pollBudgets[provider];
    if (budget) gates.set(provider, createPollGate(budget, clock));
  }
  const reserveWatch = createWatchLimit(settings.maxWatchedSessionsPerClient);
  let watchRefusals = 0;
  let closed = false;

  function openChannel<T>(target: PollTarget<T>): Channel {
    const channel: Channel = {
      key: target.key,
      queues: new Set(),
      closed: false,
      unsubscribe: () => {},
      candidacy: new AbortController(),
      bidding: false,
    };
    channels.set(target.key, channel);
    channel.unsubscribe = transport.subscribe(target.key, (event) => deliver(channel, event));
    seekLeadership(channel, target);
    return channel;
  }

  function seekLeadership<T>(channel: Channel, target: PollTarget<T>): void {
    channel.bidding = true;
    transport.acquireLeadership(target.key, channel.candidacy.signal).then(
      (lease) => {
        channel.bidding = false;
        if (lease) lead(channel, target, lease);
      },
      (error: unknown) => {
        channel.bidding = false;
        deliver(channel, { type: 'failed', error });
      },
    );
  }

  function lead<T>(channel: Channel, target: PollTarget<T>, lease: LeaderLease): void {
    if (channel.closed) {
      lease.release();
      return;
    }
    const poller = createPoller<T>({
      target,
      interval: settings.intervals[target.provider],
      idleBackoffFactor: settings.idleBackoffFactor,
      errorBackoff: settings.errorBackoff,
      clock,
      random: settings.random,
      jitter: settings.jitter,
      gate: gates.get(target.provider),
      resume: lease.resume,
      publish: (event, fingerprint) => transport.publish(target.key, event, fingerprint),
      onFetch: () => (polls[target.provider] += 1),
      onFetchError: () => (pollErrors[target.provider] += 1),
    });
    const stopPokes = transport.onPollRequest(target.key, () => poller.pokeNow());
    const leadership: Leadership = {
      poller,
      intervalMs: settings.intervals[target.provider].baseMs,
      stop(release) {
        poller.stop();
        stopPokes();
        if (release) lease.release();
      },
    };
    channel.leadership = leadership;
    // Another instance polls from now on (or will, once elected): this one only listens, and stands again.
    lease.onLost?.(() => {
      if (channel.leadership !== leadership) return;
      channel.leadership = undefined;
      leadership.stop(false);
      if (!channel.closed) seekLeadership(channel, target);
    });
    poller.start();
  }

  function deliver(channel: Channel, event: HubEvent<unknown>): void {
    if (channel.closed) return;
    if (event.type === 'value') channel.latestValue = event;
    if (event.type === 'degraded') channel.degraded = event;
    if (event.type === 'recovered') channel.degraded = undefined;
    if (isFinalEvent(event)) closeChannel(channel);
    for (const queue of [...channel.queues]) queue.push(event);
  }

  function closeChannel(channel: Channel): void {
    if (channel.closed) return;
    channel.closed = true;
    if (channels.get(channel.key) === channel) channels.delete(channel.key);
    channel.unsubscribe();
    // Only a pending bid listens; abort() is costly enough to skip for the many channels that never wait.
    if (channel.bidding) channel.candidacy.abort();
    const leadership = channel.leadership;
    channel.leadership = undefined;
    leadership?.stop(true);
  }

  return {
    subscribe<T>(target: PollTarget<T>, signal?: AbortSignal) {
      if (closed || signal?.aborted) {
        const finished = createSubscriberQueue<T>(() => {});
        void finished.return();
        return finished;
      }
      const channel = channels.get(target.key) ?? openChannel(target);
      const onAbort = (): void => void queue.return();
      const queue = createSubscriberQueue<unknown>(() => {
        signal?.removeEventListener('abort', onAbort);
        channel.queues.delete(queue);
        if (channel.queues.size === 0) closeChannel(channel);
      });
      channel.queues.add(queue);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (channel.latestValue) queue.push(channel.latestValue);
      if (channel.degraded) queue.push(channel.degraded);
      // The key names the value's type, so this is the one place the hub trusts its callers.
      return queue as SubscriberQueue<T>;
    },
    reserveWatch(clientId, keys) {
      try {
        return reserveWatch(clientId, keys);
      } catch (error) {
        watchRefusals += 1;
        throw error;
      }
    },
    pokeNow(key) {
      // A poke says the session may have changed (a mutation): until the poll it asks for lands, the snapshot is no answer for reads.
      const channel = channels.get(key);
      if (channel) channel.pokedAt = clock.now();
      transport.requestPoll(key);
    },
    snapshot<T>(key: string, maxAgeMs: number) {
      const latest = channels.get(key)?.leadership?.poller.snapshot();
      if (!latest || clock.now() - latest.fetchedAt > maxAgeMs) return undefined;
      return latest as { value: T; fetchedAt: number };
    },
    freshSnapshot<T>(key: string) {
      const channel = channels.get(key);
      const latest = channel?.leadership?.poller.snapshot();
      if (!channel?.leadership || !latest || clock.now() - latest.fetchedAt >= channel.leadership.intervalMs) return undefined;
      if (channel.pokedAt !== undefined && latest.fetchedAt < channel.pokedAt) return undefined;
      return latest as { value: T; fetchedAt: number };
    },
    stats() {
      let activeSubscriptions = 0;
      let activePollers = 0;
      for (const channel of channels.values()) {
        activeSubscriptions += channel.queues.size;
        if (channel.leadership) activePollers += 1;
      }
      return { activeSubscriptions, activePollers, polls: { ...polls }, pollErrors: { ...pollErrors } };
    },
    admissionStats() {
      const waitingForBudget = countPerProvider();
      for (const [provider, gate] of gates) waitingForBudget[provider] = gate.waiting;
      return { waitingForBudget, watchRefusals };
    },
    close() {
      closed = true;
      for (const channel of [...channels.values()]) {
        closeChannel(channel);
        for (const queue of [...channel.queues]) void queue.return();
      }
      return Promise.resolve();
    },
  };
}

function countPerProvider(): Record<Provider, number> {
  return Object.fromEntries(PROVIDERS.map((provider) => [provider, 0])) as Record<Provider, number>;
}
