import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Pool } from 'undici';
import { DEEPSET_LIFECYCLE, type DeepsetStatus } from '../../src/upstreams/deepset/deepset-session.js';
import { DEFAULT_UPSTREAM_HTTP, createUpstreamPool } from '../../src/upstreams/http/upstream-pool.js';
import { kadoaLifecycle } from '../../src/upstreams/kadoa/kadoa-session.js';
import { countDocuments, paradigmLifecycle, type ParadigmDocument } from '../../src/upstreams/paradigm/paradigm-session.js';
import { PING_LIFECYCLE, type PingStatus } from '../../src/upstreams/ping/ping-session.js';
import { PROVIDERS, type Provider } from '../../src/upstreams/provider.js';
import type { Lifecycle } from '../../src/upstreams/session-state.js';

type Json = Record<string, any>;

interface Spec {
  path(coordinates: string): string;
  auth(key: string): Record<string, string>;
  lifecycle(body: Json): Lifecycle & { providerStatus: string | null };
  /** Ping's own fields, as the single-session query selects them. */
  extra?(body: Json): Json;
}

const SPECS: Record<Provider, Spec> = {
  DEEPSET: {
    path: (c) => {
      const [workspace = '', id = ''] = c.split('/');
      return `/api/v1/workspaces/${encodeURIComponent(workspace)}/upload_sessions/${encodeURIComponent(id)}`;
    },
    auth: (key) => ({ authorization: `Bearer ${key}` }),
    lifecycle: (b) => ({ ...DEEPSET_LIFECYCLE[(b.status ?? 'OPEN') as DeepsetStatus], providerStatus: b.status ?? 'OPEN' }),
  },
  PARADIGM: {
    path: (c) => `/api/v2/upload-session/${encodeURIComponent(c)}`,
    auth: (key) => ({ authorization: `Bearer ${key}` }),
    lifecycle: (b) => ({ ...paradigmLifecycle(b.is_valid, countDocuments(b.documents as ParadigmDocument[])), providerStatus: null }),
  },
  PING: {
    path: (c) => `/sessions/${encodeURIComponent(c)}/status`,
    auth: (key) => ({ authorization: key }),
    lifecycle: (b) => ({ ...PING_LIFECYCLE[b.status as PingStatus], providerStatus: b.status }),
    extra: (b) => ({
      clientId: b.client_id,
      status: String(b.status).toUpperCase(),
      duration: b.duration ?? null,
      uploadedBytes: b.uploaded_bytes == null ? null : String(b.uploaded_bytes),
      downloadedBytes: b.downloaded_bytes == null ? null : String(b.downloaded_bytes),
    }),
  },
  KADOA: {
    path: (c) => `/v4/crawl/${encodeURIComponent(c)}/status`,
    auth: (key) => ({ 'x-api-key': key }),
    lifecycle: (b) => {
      const payload = b.payload ?? null;
      const finished = typeof payload?.finished === 'boolean' ? payload.finished : null;
      return { ...kadoaLifecycle(b.error, payload, finished), providerStatus: typeof payload?.status === 'string' ? payload.status : null };
    },
  },
};

const PROVIDER_BY_TYPE: Record<string, Provider> = {
  DeepsetUploadSession: 'DEEPSET',
  ParadigmUploadSession: 'PARADIGM',
  PingVpnSession: 'PING',
  KadoaCrawlSession: 'KADOA',
};

export interface BaselineTargets {
  baseUrls: Record<Provider, string>;
  keys: Record<Provider, string>;
}

/**
 * The practical upper limit for any Node gateway: node:http, one undici pool per upstream (the
 * gateway's own pool settings), and the JSON reshaping the gateway's answer needs, with no
 * GraphQL at all. It reads `variables.id` or `variables.ids` from the same request body the
 * gateway gets, and answers the same JSON the gateway's bench operations answer.
 */
export function createBaselineProxy(targets: BaselineTargets): { server: Server; close(): Promise<void> } {
  const pools = {} as Record<Provider, { pool: Pool; basePath: string }>;
  for (const provider of PROVIDERS) {
    const url = new URL(targets.baseUrls[provider]);
    pools[provider] = { pool: createUpstreamPool(url.origin, DEFAULT_UPSTREAM_HTTP), basePath: url.pathname.replace(/\/+$/, '') };
  }

  const fetchSession = async (id: string, withExtra: boolean): Promise<Json | null> => {
    const text = Buffer.from(id, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    const provider = PROVIDER_BY_TYPE[text.slice(0, colon)];
    if (!provider) return null;
    const spec = SPECS[provider];
    const { pool, basePath } = pools[provider];
    const response = await pool.request({
      method: 'GET',
      path: basePath + spec.path(text.slice(colon + 1)),
      headers: { accept: 'application/json', ...spec.auth(targets.keys[provider]) },
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return null;
    }
    const upstream = JSON.parse(await response.body.text()) as Json;
    const { state, isTerminal, providerStatus } = spec.lifecycle(upstream);
    const common = withExtra
      ? { id, provider, state, providerStatus, isTerminal, fetchedAt: new Date().toISOString() }
      : { id, provider, state, isTerminal, fetchedAt: new Date().toISOString() };
    return withExtra && spec.extra ? { ...common, ...spec.extra(upstream) } : common;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables: { id?: string; ids?: string[] } };
    const data = variables.ids
      ? { sessions: await Promise.all(variables.ids.map((id) => fetchSession(id, false).catch(() => null))) }
      : { session: await fetchSession(variables.id ?? '', true).catch(() => null) };
    const out = JSON.stringify({ data });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(out) }).end(out);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  return {
    server,
    async close() {
      await Promise.all(Object.values(pools).map(({ pool }) => pool.close()));
    },
  };
}
