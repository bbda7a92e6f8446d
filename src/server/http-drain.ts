import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

export interface HttpDrain {
  /** Requests whose response has not finished, plus upgraded (WebSocket) sockets still open. */
  readonly inFlight: number;
  /**
   * Stops accepting connections at once, then waits for in-flight requests to finish and
   * upgraded sockets to close (their transport closes them). After `timeoutMs` whatever is
   * still open is cut. Resolves, once the listener is fully closed, with how many were cut.
   */
  drain(timeoutMs: number): Promise<{ cut: number }>;
}

/**
 * Counts requests from the moment they arrive, so shutdown knows what it must wait for. Node's
 * `server.close()` only drops connections idle at that instant; a keep-alive connection whose
 * request finishes later would hold the listener open until its idle timeout, so each request
 * that finishes while draining closes the connections that have become idle.
 */
export function trackHttpRequests(server: Server): HttpDrain {
  let requests = 0;
  const upgraded = new Set<Duplex>();
  let draining = false;
  const onSettle = new Set<() => void>();
  const count = () => requests + upgraded.size;
  const settle = () => {
    if (!draining) return;
    server.closeIdleConnections();
    if (count() === 0) for (const resolve of onSettle) resolve();
  };

  server.on('request', (_req, res) => {
    requests += 1;
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      requests -= 1;
      settle();
    });
  });
  server.on('upgrade', (_req, socket: Duplex) => {
    upgraded.add(socket);
    socket.once('close', () => {
      upgraded.delete(socket);
      settle();
    });
  });

  return {
    get inFlight() {
      return count();
    },
    async drain(timeoutMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const finished = await new Promise<boolean>((resolve) => {
        onSettle.add(() => resolve(true));
        if (count() === 0) resolve(true);
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      clearTimeout(timer);
      const cut = finished ? 0 : count();
      server.closeAllConnections();
      for (const socket of upgraded) socket.destroy();
      await closed;
      return { cut };
    },
  };
}
