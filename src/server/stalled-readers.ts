import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface StalledReaders {
  /** SSE responses destroyed since the start because their client stopped reading, for metrics. */
  dropped(): number;
}

/**
 * Drops an SSE client that stopped reading. Its stream would otherwise wait for a 'drain' that
 * never comes, holding the connection and its pollers for as long as the process lives. The only
 * sign of a full socket is `write()` returning false, so the response's `write` is wrapped: that
 * arms a timer, 'drain' disarms it, and when it fires the response is destroyed, which aborts the
 * request and so ends its subscriptions (yoga listens to the request's signal). Only requests that
 * accept `text/event-stream` are watched; a plain answer is written once and needs no watching.
 * `stalledMs`: how long a response may stay unable to write before its connection is dropped.
 */
export function dropStalledReaders(server: Server, stalledMs: number): StalledReaders {
  let dropped = 0;
  const drop = (res: ServerResponse): void => {
    dropped += 1;
    res.destroy();
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.headers.accept?.includes('text/event-stream')) return;
    let timer: NodeJS.Timeout | undefined;
    const disarm = () => {
      clearTimeout(timer);
      timer = undefined;
    };
    const write = res.write;
    res.write = function (this: ServerResponse, ...args: Parameters<ServerResponse['write']>) {
      const written = write.apply(this, args);
      if (!written && timer === undefined) timer = setTimeout(() => drop(res), stalledMs);
      return written;
    } as ServerResponse['write'];
    res.on('drain', disarm);
    res.once('close', disarm);
  });
  return { dropped: () => dropped };
}
