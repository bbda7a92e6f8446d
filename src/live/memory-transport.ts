import type { HubEvent } from './hub-event.js';
import type { HubTransport, LeaderLease } from './hub-transport.js';

const noLease: LeaderLease = { release() {} };

/**
 * The single-process transport: synchronous fan-out, and leadership is always granted because
 * the hub already keeps one poller per key in its process. Share one between hubs and each
 * would poll; that is what a shared transport is for.
 */
export function createMemoryTransport(): HubTransport {
  const listeners = new Map<string, Set<{ call: (event: HubEvent<unknown>) => void }>>();
  const pollRequests = new Map<string, Set<{ call: () => void }>>();

  return {
    publish(key, event) {
      for (const listener of [...(listeners.get(key) ?? [])]) listener.call(event);
    },
    subscribe: (key, listener) => register(listeners, key, { call: listener }),
    acquireLeadership: () => Promise.resolve(noLease),
    requestPoll(key) {
      for (const handler of [...(pollRequests.get(key) ?? [])]) handler.call();
    },
    onPollRequest: (key, onRequest) => register(pollRequests, key, { call: onRequest }),
  };
}

/** Adds `entry` under `key` and returns its removal, which also drops the key once empty so nothing outlives its users. */
function register<E>(registry: Map<string, Set<E>>, key: string, entry: E): () => void {
  const entries = registry.get(key) ?? new Set<E>();
  registry.set(key, entries);
  entries.add(entry);
  return () => {
    entries.delete(entry);
    if (entries.size === 0 && registry.get(key) === entries) registry.delete(key);
  };
}
