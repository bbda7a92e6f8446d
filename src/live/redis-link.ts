import type { RedisClients } from './redis-clients.js';

export interface RedisLinkHandlers {
  /** Both connections are ready. `current()` turns false as soon as either drops again, so async work started here can tell it is stale. */
  up(current: () => boolean): void;
  /** A connection was lost (called again on each failed reconnect). */
  down(): void;
  /** Every connection error; ioredis keeps reconnecting after each. */
  error(error: Error): void;
}

/**
 * Follows both connections of the transport as one link: up only while both are ready. It
 * listens for `error` on each, so a connection failure never becomes an unhandled 'error' event.
 * Returns the function that stops following (the error listeners stay, for the same reason).
 */
export function watchRedisLink({ command, subscriber }: RedisClients, handlers: RedisLinkHandlers): () => void {
  let generation = 0;
  let stopped = false;
  const check = (): void => {
    if (stopped) return;
    generation += 1;
    if (command.status !== 'ready' || subscriber.status !== 'ready') return handlers.down();
    const mine = generation;
    handlers.up(() => !stopped && mine === generation);
  };
  const onError = (error: Error): void => {
    if (!stopped) handlers.error(error);
  };
  for (const client of [command, subscriber]) {
    client.on('ready', check);
    client.on('close', check);
    client.on('error', onError);
  }
  check();
  return () => {
    stopped = true;
    for (const client of [command, subscriber]) {
      client.off('ready', check);
      client.off('close', check);
    }
  };
}
