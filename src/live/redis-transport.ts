import { randomUUID } from 'node:crypto';
import { isUpstreamError } from '../upstreams/upstream-error.js';
import { systemClock, type Clock } from './clock.js';
import type { HubEvent } from './hub-event.js';
import { decodeChannelMessage, encodeEventBody, POKE_MESSAGE, VACANT_MESSAGE, type SequencedEvent } from './hub-event-wire.js';
import type { HubTransport, LeaderLease, StreamResume } from './hub-transport.js';
import { createRedisClients, type RedisClientOptions, type RedisClients } from './redis-clients.js';
import { bidForLease, type LeaseBid } from './redis-lease-bid.js';
import { watchRedisLink } from './redis-link.js';
import { ACQUIRE, PUBLISH, RELEASE, RENEW, runScript } from './redis-scripts.js';
import { createStreamFilter, type StreamFilter } from './stream-filter.js';

/** `cluster`: leases and events go through Redis. `local-fallback`: Redis is unreachable, and each instance polls its own keys. */
export type TransportMode = 'cluster' | 'local-fallback';

/** The slice of a pino logger the transport uses. */
export interface TransportLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

export interface RedisTransportOptions extends RedisClientOptions {
  /** redis:// or rediss://. The transport opens two connections and closes them in close(). Give this or `clients`. */
  url?: string;
  /** Connections made with redisClientOptions(), which the caller owns: close() leaves them open. */
  clients?: RedisClients;
  /** Unique per gateway process: it is what a lease holds. */
  instanceId: string;
  /**
   * A lease expires this long after its last renewal (renewals run every third of it). A replica
   * that died is replaced within about this long, so keep it at most one poll interval.
   * @default 2000
   */
  leaseMs?: number;
  /**
   * Namespace of every Redis key and channel.
   * @default 'sessiongraph'
   */
  prefix?: string;
  /**
   * Timers (lease renewal, retries).
   * @default the process clock
   */
  clock?: Clock;
  /**
   * After Redis goes away or comes back, each key's bid for leadership goes at a random moment
   * within this long rather than all at once, so a replica with thousands of keys doesn't
   * re-elect (and start polling) them in one burst.
   * @default leaseMs
   */
  regainSpreadMs?: number;
  /**
   * Uniform random number in [0, 1), for that spread.
   * @default Math.random
   */
  random?: () => number;
  /**
   * Where mode changes are reported.
   * @default console
   */
  logger?: TransportLogger;
}

export interface RedisTransport extends HubTransport {
  mode(): TransportMode;
  /** True while this instance polls `key`, through Redis or locally. */
  isLeader(key: string): boolean;
  leaderKeys(): string[];
  /** Resolves true once in `mode`, or false after `timeoutMs`. */
  whenMode(mode: TransportMode, timeoutMs: number): Promise<boolean>;
  /** Gives back the leases still held and stops; connections it opened from `url` are closed. */
  close(): Promise<void>;
}

/** Everything this instance holds for one key. It exists while anything is registered, and its channel is subscribed meanwhile. */
interface KeyState {
  readonly key: string;
  readonly names: RedisNames;
  readonly listeners: Set<{ call: (event: HubEvent<unknown>) => void }>;
  readonly pollHandlers: Set<{ call: () => void }>;
  readonly bids: Set<LeaseBid>;
  readonly filter: StreamFilter;
  lease?: HeldLease;
  /** The publish in flight: the next waits for it, so a key's events are numbered in the order its poller sent them. */
  publishing: Promise<void>;
}

interface HeldLease {
  /** `cluster` while Redis knows this instance holds it; `local` while granted without Redis. */
  backing: 'cluster' | 'local';
  lose(): void;
}

export interface RedisNames {
  channel: string;
  lease: string;
  record: string;
}

/**
 * Where a key lives in Redis. The key is braced as a hash tag, so a key's lease, record and
 * channel share a Redis Cluster slot and one script can touch them together.
 */
export function redisNames(prefix: string, key: string): RedisNames {
  return { channel: `${prefix}:{${key}}`, lease: `${prefix}:lease:{${key}}`, record: `${prefix}:record:{${key}}` };
}

const noop = (): void => {};

/**
 * A HubTransport that makes a fleet of gateways poll each key once. The first instance to take a
 * key's lease in Redis polls it, renews the lease while it has subscribers, and publishes through
 * a script that checks the lease, numbers the event and records the latest value; the other
 * instances with subscribers listen on the key's channel and keep bidding for the lease, so one
 * takes over when the leader dies. While Redis is unreachable every instance polls its own keys
 * in memory; once it is back they elect one leader per key again.
 */
export function createRedisTransport(options: RedisTransportOptions): RedisTransport {
  const { instanceId, prefix = 'sessiongraph', clock = systemClock, logger = consoleLogger } = options;
  const leaseMs = options.leaseMs ?? 2_000;
  if (!(leaseMs >= 30) || !Number.isFinite(leaseMs)) throw new RangeError(`leaseMs must be a finite number >= 30, got ${leaseMs}`);
  if (!options.clients && !options.url) throw new TypeError('createRedisTransport needs a url or clients');
  const recordTtlMs = 5 * leaseMs;
  const regainSpreadMs = options.regainSpreadMs ?? leaseMs;
  const random = options.random ?? Math.random;
  const clients = options.clients ?? createRedisClients(options.url!, options);
  const { command, subscriber } = clients;

  const keys = new Map<string, KeyState>();
  const byChannel = new Map<string, KeyState>();
  const modeListeners = new Set<{ call: (mode: TransportMode) => void }>();
  let mode: TransportMode = 'local-fallback';
  let everJoined = false;
  let lastError: string | undefined;
  let renewTimer: unknown;
  let closing: Promise<void> | undefined;
  /** Until then, bids are spread after a mode change. */
  let spreadUntil = 0;
  const spreadTimers = new Set<unknown>();

  /** A random moment in what is left of the spread, or 0 once it is over. */
  function spreadDelay(): number {
    const leftMs = spreadUntil - clock.now();
    return leftMs > 0 ? Math.floor(random() * leftMs) : 0;
  }

  /** Wake `bid` at a random moment in what is left of the spread. */
  function wakeSpread(bid: LeaseBid): void {
    const delayMs = spreadDelay();
    if (delayMs === 0) return bid.wake();
    const handle = clock.setTimeout(() => {
      spreadTimers.delete(handle);
      bid.wake();
    }, delayMs);
    spreadTimers.add(handle);
  }

  function stateFor(key: string): KeyState {
    const existing = keys.get(key);
    if (existing) return existing;
    const state: KeyState = {
      key,
      names: redisNames(prefix, key),
      listeners: new Set(),
      pollHandlers: new Set(),
      bids: new Set(),
      filter: createStreamFilter(),
      publishing: Promise.resolve(),
    };
    keys.set(key, state);
    byChannel.set(state.names.channel, state);
    if (mode === 'cluster') catchUp(state, subscriber.subscribe(state.names.channel));
    return state;
  }

  /** Adds `entry` to one of the key's sets until the returned function is called. */
  function register<E>(key: string, entries: (state: KeyState) => Set<E>, entry: E): () => void {
    const state = stateFor(key);
    entries(state).add(entry);
    return () => {
      entries(state).delete(entry);
      forgetIfUnused(state);
    };
  }

  function forgetIfUnused(state: KeyState): void {
    if (state.listeners.size + state.pollHandlers.size + state.bids.size > 0 || state.lease || keys.get(state.key) !== state) return;
    keys.delete(state.key);
    byChannel.delete(state.names.channel);
    if (subscriber.status === 'ready') subscriber.unsubscribe(state.names.channel).catch(noop);
  }

  function deliver(state: KeyState, events: readonly HubEvent<unknown>[]): void {
    for (const event of events) {
      for (const listener of [...state.listeners]) listener.call(event);
    }
  }

  /** Once `subscribed` settles, reads the key's record, so a late or returning listener gets the latest value and health first. */
  function catchUp(state: KeyState, subscribed: Promise<unknown>): void {
    const pending = state.filter.catchUp();
    subscribed
      .then(() => command.hmget(state.names.record, 'value', 'health'))
      .then(
        (stored) => deliver(state, pending.finish(stored.flatMap(storedEvent))),
        () => deliver(state, pending.finish([])),
      );
  }

  function storedEvent(text: string | null): SequencedEvent[] {
    if (text === null) return [];
    try {
      const message = decodeChannelMessage(text);
      return message.kind === 'event' ? [message] : [];
    } catch (error) {
      logger.warn({ err: error }, 'Ignored a malformed record in Redis');
      return [];
    }
  }

  /** Runs the poll handlers this instance has for `key`, if it leads it. */
  function pollHere(key: string): void {
    for (const handler of [...(keys.get(key)?.pollHandlers ?? [])]) handler.call();
  }

  function onMessage(channel: string, text: string): void {
    const state = byChannel.get(channel);
    if (!state) return;
    let message;
    try {
      message = decodeChannelMessage(text);
    } catch (error) {
      logger.warn({ channel, err: error }, 'Dropped a malformed message from Redis');
      return;
    }
    if (message.kind === 'poke') pollHere(state.key);
    else if (message.kind === 'vacant') for (const bid of [...state.bids]) bid.wake();
    // While falling back, this instance's own poller is the source: Redis may be half there.
    else if (mode === 'cluster') deliver(state, state.filter.fromCluster(message));
  }

  function grant(state: KeyState, backing: HeldLease['backing'], resume: StreamResume): LeaderLease {
    let status: 'held' | 'released' | 'lost' = 'held';
    const lostListeners: (() => void)[] = [];
    const held: HeldLease = {
      backing,
      lose() {
        if (status !== 'held') return;
        status = 'lost';
        state.lease = undefined;
        for (const listener of lostListeners.splice(0)) listener();
        forgetIfUnused(state);
      },
    };
    state.lease = held;
    return {
      resume,
      release() {
        if (status !== 'held') return;
        status = 'released';
        state.lease = undefined;
        if (mode === 'cluster') void releaseInRedis(state);
        forgetIfUnused(state);
      },
      onLost(listener) {
        if (status === 'held') lostListeners.push(listener);
      },
    };
  }

  function releaseInRedis(state: KeyState): Promise<unknown> {
    return runScript(command, RELEASE, [state.names.lease], [instanceId, state.names.channel, VACANT_MESSAGE]).catch(noop);
  }

  async function tryForLease(state: KeyState): Promise<LeaderLease | { retryInMs: number }> {
    if (state.lease) return { retryInMs: leaseMs / 2 };
    if (mode === 'local-fallback') return grant(state, 'local', state.filter.seen());
    let reply: unknown;
    try {
      reply = await runScript(command, ACQUIRE, [state.names.lease, state.names.record], [instanceId, leaseMs]);
    } catch (error) {
      onCommandError(error);
      return { retryInMs: leaseMs / 2 };
    }
    const [won, pttl, fingerprint, health] = Array.isArray(reply) ? reply : [];
    if (won === 1 && !state.lease) return grant(state, mode === 'cluster' ? 'cluster' : 'local', resumeFrom(fingerprint, health));
    // Try again as the holder's lease would run out unrenewed, and at least every half lease.
    return { retryInMs: typeof pttl === 'number' && pttl >= 0 ? Math.min(leaseMs / 2, pttl + 5) : leaseMs / 2 };
  }

  function resumeFrom(fingerprint: unknown, health: unknown): StreamResume {
    const degraded = typeof health === 'string' ? storedEvent(health)[0]?.event : undefined;
    return {
      fingerprint: typeof fingerprint === 'string' ? fingerprint : undefined,
      degradedCode: degraded?.type === 'degraded' && isUpstreamError(degraded.error) ? degraded.error.code : undefined,
    };
  }

  function renewLeases(): void {
    stopRenewing();
    if (closing || mode !== 'cluster') return;
    for (const state of keys.values()) {
      const lease = state.lease;
      if (lease?.backing !== 'cluster') continue;
      runScript(command, RENEW, [state.names.lease, state.names.record], [instanceId, leaseMs, recordTtlMs]).then((renewed) => {
        if (renewed === 0 && lease.backing === 'cluster') lease.lose();
      }, onCommandError);
    }
    renewTimer = clock.setTimeout(renewLeases, leaseMs / 3);
  }

  function stopRenewing(): void {
    if (renewTimer !== undefined) clock.clearTimeout(renewTimer);
    renewTimer = undefined;
  }

  /** A command that timed out means Redis hangs rather than refuses; reconnecting turns that into a visible outage. */
  function onCommandError(error: unknown): void {
    if (error instanceof Error && error.message === 'Command timed out' && command.status === 'ready') command.disconnect(true);
  }

  function setMode(next: TransportMode): void {
    mode = next;
    for (const listener of [...modeListeners]) listener.call(next);
  }

  function fallBack(): void {
    if (mode === 'local-fallback') return;
    stopRenewing();
    logger.warn({ instanceId, leaderKeys: leaderKeys().length, error: lastError }, 'Lost Redis: each gateway polls its own subscriptions until it is back');
    setMode('local-fallback');
    if (everJoined) spreadUntil = clock.now() + regainSpreadMs;
    for (const state of [...keys.values()]) {
      if (state.lease) state.lease.backing = 'local';
      for (const bid of [...state.bids]) wakeSpread(bid);
    }
  }

  async function join(current: () => boolean): Promise<void> {
    if (mode === 'cluster') return;
    const channels = new Set([...keys.values()].map((state) => state.names.channel));
    const subscribed = channels.size > 0 ? subscriber.subscribe(...channels) : Promise.resolve();
    try {
      await subscribed;
    } catch {
      return; // The link dropped again; it calls join once more when it is back.
    }
    if (!current() || closing) return;
    const everJoinedBefore = everJoined;
    logger.info({ instanceId }, everJoined ? 'Redis is back: electing one poller per key again' : 'Connected to Redis: one poller per key across the fleet');
    everJoined = true;
    lastError = undefined;
    setMode('cluster');
    if (everJoinedBefore) spreadUntil = clock.now() + regainSpreadMs;
    for (const state of [...keys.values()]) {
      catchUp(state, channels.has(state.names.channel) ? subscribed : subscriber.subscribe(state.names.channel));
      // Leases granted while Redis was away were this instance's alone; the fleet elects again (the new bids are spread).
      state.lease?.lose();
      for (const bid of [...state.bids]) wakeSpread(bid);
    }
    renewLeases();
  }

  function onModeChange(listener: (next: TransportMode) => void): () => void {
    const entry = { call: listener };
    modeListeners.add(entry);
    return () => void modeListeners.delete(entry);
  }

  function leaderKeys(): string[] {
    return [...keys.values()].filter((state) => state.lease).map((state) => state.key);
  }

  subscriber.on('message', onMessage);
  const unwatch = watchRedisLink(clients, {
    up: (current) => void join(current),
    down: fallBack,
    error(error) {
      if (!everJoined && lastError === undefined) logger.warn({ instanceId, error: error.message }, 'Cannot reach Redis: polling locally until it is reachable');
      lastError = error.message;
    },
  });

  return {
    publish(key, event, fingerprint) {
      const state = keys.get(key);
      if (!state) return;
      const lease = state.lease;
      if (mode !== 'cluster' || lease?.backing !== 'cluster') {
        deliver(state, state.filter.fromLocal(event, fingerprint));
        return;
      }
      const recorded = event.type === 'value' || event.type === 'degraded' || event.type === 'recovered' ? event.type : 'none';
      const args = [instanceId, state.names.channel, encodeEventBody(event, fingerprint), recorded, fingerprint ?? '', recordTtlMs, randomUUID()];
      state.publishing = state.publishing.then(() =>
        runScript(command, PUBLISH, [state.names.lease, state.names.record], args).then(
          (seq) => {
            if (seq === 0) lease.lose();
          },
          (error: unknown) => {
            onCommandError(error);
            // Redis failed under the publish: at least this instance's own subscribers must not miss the event.
            deliver(state, state.filter.fromLocal(event, fingerprint));
          },
        ),
      );
    },
    subscribe: (key, listener) => register(key, (state) => state.listeners, { call: listener }),
    acquireLeadership(key, signal) {
      if (closing || signal?.aborted) return Promise.resolve(undefined);
      const state = stateFor(key);
      const bid = bidForLease(() => tryForLease(state), clock, signal, spreadDelay());
      state.bids.add(bid);
      return bid.lease.then((lease) => {
        state.bids.delete(bid);
        forgetIfUnused(state);
        return lease;
      });
    },
    requestPoll(key) {
      if (mode === 'cluster') command.publish(redisNames(prefix, key).channel, POKE_MESSAGE).catch(() => pollHere(key));
      else pollHere(key);
    },
    onPollRequest: (key, onRequest) => register(key, (state) => state.pollHandlers, { call: onRequest }),
    mode: () => mode,
    isLeader: (key) => keys.get(key)?.lease !== undefined,
    leaderKeys,
    whenMode(wanted, timeoutMs) {
      if (mode === wanted) return Promise.resolve(true);
      return new Promise((resolve) => {
        const stop = onModeChange((next) => {
          if (next !== wanted) return;
          stop();
          clock.clearTimeout(timer);
          resolve(true);
        });
        const timer = clock.setTimeout(() => {
          stop();
          resolve(false);
        }, timeoutMs);
      });
    },
    close() {
      closing ??= (async () => {
        stopRenewing();
        for (const handle of spreadTimers) clock.clearTimeout(handle);
        spreadTimers.clear();
        unwatch();
        subscriber.off('message', onMessage);
        const releases: Promise<unknown>[] = [];
        for (const state of [...keys.values()]) {
          for (const bid of [...state.bids]) bid.withdraw();
          if (state.lease && mode === 'cluster') releases.push(releaseInRedis(state));
          state.lease = undefined;
        }
        await Promise.all(releases);
        keys.clear();
        byChannel.clear();
        modeListeners.clear();
        if (!options.clients) {
          command.disconnect();
          subscriber.disconnect();
        }
      })();
      return closing;
    },
  };
}

const consoleLogger: TransportLogger = {
  warn: (fields, message) => console.warn(message, fields),
  info: (fields, message) => console.info(message, fields),
};
