import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen, closeServer } from '../../src/sandbox/provider-server.js';
import type { Provider } from '../../src/upstreams/provider.js';
import { monotonicMs } from './monotonic.js';

/** The fixed upstream takes any key; proxies still send one, as they would to a real provider. */
export const FIXED_UPSTREAM_KEYS: Record<Provider, string> = { DEEPSET: 'bench-deepset-key', PARADIGM: 'bench-paradigm-key', PING: 'bench-ping-key', KADOA: 'bench-kadoa-key' };

/** Ids with this prefix answer a new version on every request: the subscription scenarios' moving sessions. */
export const LIVE_PREFIX = 'live-';

export interface FixedUpstreamStats {
  requests: number;
  distinctPaths: number;
  /** Requests for a path that was already asked for since the last reset. */
  duplicates: number;
  /** Most requests the upstream was answering at one time. */
  peakInFlight: number;
  byProvider: Record<Provider, number>;
}

export interface LiveVersion {
  version: number;
  /** monotonicMs() when the response carrying this version was written. */
  sentAt: number;
}

export interface FixedUpstream {
  /** Base URLs as a gateway is configured with them (Ping's carries its `/customer/v2` prefix). */
  baseUrls: Record<Provider, string>;
  stats(): FixedUpstreamStats;
  /** Counters back to zero; live sessions keep their versions. */
  reset(): void;
  /** Hold every response this long first, so concurrency becomes visible as requests in flight. */
  setDelay(ms: number): void;
  /** Every version a live session's path answered, oldest first. */
  liveLog(path: string): LiveVersion[];
  close(): Promise<void>;
}

interface Route {
  provider: Provider;
  pattern: RegExp;
  body(id: string, version: number): string;
}

const AT = '2025-01-01T09:00:00Z';

/** One valid body per contract (see schema/upstreams/*.yaml), with the requested id in it. */
const ROUTES: readonly Route[] = [
  {
    provider: 'DEEPSET',
    pattern: /^\/api\/v1\/workspaces\/[^/]+\/upload_sessions\/([^/]+)$/,
    body: (id) =>
      `{"session_id":"${id}","status":"OPEN","expires_at":"2030-01-01T00:00:00Z","write_mode":"KEEP","documentation_url":"https://docs.cloud.deepset.ai/docs/upload-files","ingestion_status":{"failed_files":0,"finished_files":3}}`,
  },
  {
    provider: 'PARADIGM',
    pattern: /^\/api\/v2\/upload-session\/([^/]+)$/,
    body: (id) =>
      `{"uuid":"${id}","is_valid":true,"created_at":"${AT}","updated_at":"${AT}","documents":[{"id":201,"title":"Contract.pdf","collection":5,"status":"embedded","updated_at":"${AT}","workspace":null},{"id":202,"title":"Policy.docx","collection":5,"status":"parsing","updated_at":"${AT}","workspace":"Legal"}]}`,
  },
  {
    provider: 'PING',
    pattern: /^\/customer\/v2\/sessions\/([^/]+)\/status$/,
    body: (id) => `{"client_id":"client-${id}","status":"connected","duration":120,"uploaded_bytes":48128,"downloaded_bytes":1310720}`,
  },
  {
    provider: 'KADOA',
    pattern: /^\/v4\/crawl\/([^/]+)\/status$/,
    body: (id, version) =>
      `{"sessionId":"${id}","error":null,"payload":{"crawledPages":${version},"finished":false,"status":"crawling","startUrl":"https://example.com"}}`,
  },
];

/**
 * The pure-overhead upstream: every session of every provider exists and answers a fixed body,
 * so what a benchmark measures is the proxy in front of it. It counts what it is asked for,
 * which is how the fan-out and de-duplication figures are measured rather than assumed.
 */
export async function startFixedUpstream(host = '127.0.0.1'): Promise<FixedUpstream> {
  const bodies = new Map<string, { provider: Provider; body: Buffer; id: string; route: Route } | null>();
  const seen = new Map<string, number>();
  const versions = new Map<string, LiveVersion[]>();
  const byProvider = { DEEPSET: 0, PARADIGM: 0, PING: 0, KADOA: 0 } satisfies Record<Provider, number>;
  let requests = 0;
  let duplicates = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  let delayMs = 0;

  const lookup = (path: string) => {
    let entry = bodies.get(path);
    if (entry === undefined) {
      entry = null;
      for (const route of ROUTES) {
        const match = route.pattern.exec(path);
        if (!match) continue;
        const id = decodeURIComponent(match[1]!);
        entry = { provider: route.provider, id, route, body: Buffer.from(route.body(id, 0)) };
        break;
      }
      bodies.set(path, entry);
    }
    return entry;
  };

  const answer = (path: string, res: ServerResponse): void => {
    const entry = lookup(path);
    if (!entry) {
      res.writeHead(404, { 'content-length': 0 }).end();
      return;
    }
    let body = entry.body;
    if (entry.id.startsWith(LIVE_PREFIX)) {
      const log = versions.get(path) ?? [];
      versions.set(path, log);
      const version = log.length + 1;
      body = Buffer.from(entry.route.body(entry.id, version));
      log.push({ version, sentAt: monotonicMs() });
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    requests += 1;
    const count = seen.get(path) ?? 0;
    if (count > 0) duplicates += 1;
    seen.set(path, count + 1);
    const entry = lookup(path);
    if (entry) byProvider[entry.provider] += 1;
    inFlight += 1;
    peakInFlight = Math.max(peakInFlight, inFlight);
    res.once('close', () => (inFlight -= 1));
    if (delayMs > 0) setTimeout(() => answer(path, res), delayMs);
    else answer(path, res);
  });
  const origin = await listen(server, host);

  return {
    baseUrls: { DEEPSET: origin, PARADIGM: origin, PING: `${origin}/customer/v2`, KADOA: origin },
    stats: () => ({ requests, distinctPaths: seen.size, duplicates, peakInFlight, byProvider: { ...byProvider } }),
    reset() {
      requests = 0;
      duplicates = 0;
      peakInFlight = inFlight;
      seen.clear();
      for (const provider of Object.keys(byProvider) as Provider[]) byProvider[provider] = 0;
    },
    setDelay(ms) {
      delayMs = ms;
    },
    liveLog: (path) => versions.get(path) ?? [],
    close: () => closeServer(server),
  };
}
