import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface KadoaStub {
  /** Pass as KADOA_BASE_URL. */
  url: string;
  /** Headers of every status request received, in order. */
  readonly received: IncomingHttpHeaders[];
  /** Resolves once `count` requests have arrived in total. */
  receivedAtLeast(count: number): Promise<void>;
  /** Answer every held request, and stop holding new ones. */
  release(): void;
  close(): Promise<void>;
}

export const KADOA_STUB_KEY = 'stub-kadoa-key';

/**
 * Kadoa's status endpoint as a real server on loopback, with a valid body for any id. With
 * `hold`, answers wait for release(): that is how a test keeps requests in flight for as long
 * as it needs, without timers.
 */
export async function startKadoaStub(options: { hold?: boolean } = {}): Promise<KadoaStub> {
  let holding = options.hold ?? false;
  const held: (() => void)[] = [];
  const received: IncomingHttpHeaders[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const id = /^\/v4\/crawl\/([^/]+)\/status$/.exec(req.url ?? '')?.[1];
    if (!id || req.headers['x-api-key'] !== KADOA_STUB_KEY) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":true,"message":"Session not found","details":null}');
      return;
    }
    received.push(req.headers);
    for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
    const answer = () => reply(res, decodeURIComponent(id));
    if (holding) held.push(answer);
    else answer();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    receivedAtLeast: (count) =>
      received.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    release() {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function reply(res: ServerResponse, sessionId: string): void {
  if (res.destroyed) return;
  const body = JSON.stringify({ sessionId, error: null, payload: { crawledPages: 3, finished: false, status: 'crawling' } });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}
