import { createServer } from 'node:http';
import { closeServer, listen } from '../../src/sandbox/provider-server.js';

/** Ids starting with this answer 404, as a made-up id would. */
export const MISSING_PREFIX = 'missing-';
/** Ids starting with this are finished crawls: a terminal session. */
export const FINISHED_PREFIX = 'done-';

export interface CountingUpstream {
  /** Kadoa's base URL as a gateway is configured with it. */
  baseUrl: string;
  /** Wall-clock ms of each request, in arrival order. */
  readonly arrivals: readonly number[];
  /** Requests whose path contains `part`. */
  count(part?: string): number;
  close(): Promise<void>;
}

/**
 * A Kadoa status endpoint for any crawl id, by its contract (schema/upstreams): every session
 * exists and moves on each request, except the two prefixes above. It records when each request
 * arrived, which is what the rate-budget tests measure.
 */
export async function startCountingUpstream(): Promise<CountingUpstream> {
  const arrivals: number[] = [];
  const paths: string[] = [];
  const server = createServer((req, res) => {
    arrivals.push(Date.now());
    const path = req.url ?? '/';
    paths.push(path);
    const id = /^\/v4\/crawl\/([^/]+)\/status$/.exec(path)?.[1];
    if (id === undefined || id.startsWith(MISSING_PREFIX)) return void res.writeHead(404, { 'content-length': 0 }).end();
    const finished = id.startsWith(FINISHED_PREFIX);
    const body = JSON.stringify({
      sessionId: decodeURIComponent(id),
      error: null,
      payload: { crawledPages: arrivals.length, finished, status: finished ? 'finished' : 'crawling', startUrl: 'https://example.com' },
    });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
  const origin = await listen(server, '127.0.0.1');
  return {
    baseUrl: origin,
    arrivals,
    count: (part = '') => paths.filter((path) => path.includes(part)).length,
    close: () => closeServer(server),
  };
}

/** Most requests that arrived within one wall-clock second (epoch-aligned, as the budget's windows are), between `from` and `to`. */
export function busiestSecond(arrivals: readonly number[], from: number, to: number): number {
  const perSecond = new Map<number, number>();
  for (const at of arrivals) if (at >= from && at < to) perSecond.set(Math.floor(at / 1_000), (perSecond.get(Math.floor(at / 1_000)) ?? 0) + 1);
  return Math.max(0, ...perSecond.values());
}
