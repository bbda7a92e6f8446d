import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_UPSTREAM_HTTP } from '../../src/upstreams/http/upstream-pool.js';
import { PROVIDERS, type Provider } from '../../src/upstreams/provider.js';
import { createUpstreams, type Upstreams } from '../../src/upstreams/upstreams.js';
import { contractDocument, toJsonSchema } from '../support/openapi.js';

/** What the clients sent, recorded by a real server on loopback. */
interface Sent {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

const NOW = '2025-01-01T09:00:00Z';
const ID = 'd1000000-0000-4000-8000-000000000001';
/** A contract-valid answer per route, so each call completes and only its request is under test. */
const ANSWERS: [RegExp, number, unknown][] = [
  [/^POST \/api\/v1\/workspaces\/[^/]+\/upload_sessions$/, 201, { session_id: ID, expires_at: NOW, aws_prefixed_request_config: { url: 'https://u.invalid/', fields: {} } }],
  [/^GET \/api\/v1\/workspaces\/[^/]+\/upload_sessions$/, 200, { data: [], has_more: false, total: 0 }],
  [/^POST \/api\/v2\/upload-session$/, 201, { uuid: ID, is_valid: true, created_at: NOW, updated_at: NOW, documents: [] }],
  [/^POST \/v4\/crawl\/$/, 200, { sessionId: 'crawl-1', message: 'ok', error: null }],
  [/^POST \/v4\/crawl\/(pause|resume)$/, 200, { sessionId: 'crawl-1', message: 'ok', error: null }],
  [/^GET \/v4\/crawl\/sessions$/, 200, { data: [], pagination: { page: 1, pageSize: 1, totalItems: 0, totalPages: 0, hasMore: false } }],
  [/^GET \/v4\/crawl\/[^/]+\/pages$/, 200, { sessionId: 'crawl-1', error: null, payload: [], pagination: { page: 1, pageSize: 1, totalItems: 0, totalPages: 0, hasMore: false } }],
  [/^PATCH \/sessions\/[^/]+\/(pause|resume)$/, 200, { session_id: 'vpn-1', paused: true }],
];

let server: Server;
let upstreams: Upstreams;
const sent: Sent[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://upstream');
      const text = Buffer.concat(chunks).toString('utf8');
      sent.push({ method: request.method ?? '', path: url.pathname, query: url.searchParams, body: text === '' ? undefined : JSON.parse(text) });
      const answer = ANSWERS.find(([route]) => route.test(`${request.method} ${url.pathname}`));
      response.writeHead(answer?.[1] ?? 404, { 'content-type': 'application/json' }).end(JSON.stringify(answer?.[2] ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstreams = createUpstreams(Object.fromEntries(PROVIDERS.map((p) => [p, { baseUrl: origin, apiKey: 'k' }])) as never, DEFAULT_UPSTREAM_HTTP);
});
afterAll(async () => {
  await upstreams.close();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  sent.length = 0;
});

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);

/** Inlines the contract's local `$ref`s, as test/support/openapi.ts does for responses. */
function inline(document: Record<string, unknown>, node: unknown): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(document, item));
  if (node === null || typeof node !== 'object') return node;
  const ref = (node as { $ref?: string }).$ref;
  if (ref !== undefined) return inline(document, ref.slice(2).split('/').reduce<any>((at, key) => at[key], document));
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(document, value)]));
}

function operation(provider: Provider, method: string, template: string): any {
  const document = contractDocument(provider);
  return inline(document, (document.paths as any)[template][method]);
}

/** Problems with a request body against the operation's requestBody schema; empty when it conforms. */
function bodyProblems(provider: Provider, method: string, template: string, body: unknown): string[] {
  const validate = ajv.compile(toJsonSchema(operation(provider, method, template).requestBody.content['application/json'].schema));
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Problems with the query against the operation's documented query parameters; unknown names are problems too. */
function queryProblems(provider: Provider, method: string, template: string, query: URLSearchParams): string[] {
  const parameters = (operation(provider, method, template).parameters as { name: string; in: string; schema: unknown }[]).filter((p) => p.in === 'query');
  return [...query.entries()].flatMap(([name, raw]) => {
    const parameter = parameters.find((p) => p.name === name);
    if (!parameter) return [`${name} is not a documented parameter`];
    const schema = toJsonSchema(parameter.schema);
    // A query value is text: read it as the parameter's type says, as the provider's framework would.
    const types = [schema.type].flat().map(String);
    const value = types.includes('boolean') ? ({ true: true, false: false } as Record<string, boolean>)[raw] ?? raw : types.includes('integer') || types.includes('number') ? Number(raw) : raw;
    return ajv.compile(schema)(value) ? [] : [`${name}=${raw} breaks its schema`];
  });
}

const options = { credential: 'k', purpose: 'mutation' as const };

describe('what the lifecycle clients send follows the contracts', () => {
  it('deepset create: a CreateSession body, with and without the optional expiry', async () => {
    await upstreams.lifecycle.DEEPSET.createUploadSession('demo', { writeMode: 'FAIL', expiresInSeconds: 60, parallelProcessing: true }, options);
    await upstreams.lifecycle.DEEPSET.createUploadSession('demo', { writeMode: 'KEEP', expiresInSeconds: null, parallelProcessing: false }, options);
    expect(sent.map((s) => s.body)).toEqual([
      { write_mode: 'FAIL', parallel_processing_enabled: true, expires_in_seconds: 60 },
      { write_mode: 'KEEP', parallel_processing_enabled: false },
    ]);
    for (const { body } of sent) expect(bodyProblems('DEEPSET', 'post', '/api/v1/workspaces/{workspace_name}/upload_sessions', body)).toEqual([]);
  });

  it('deepset list: documented query parameters within their bounds', async () => {
    await upstreams.lifecycle.DEEPSET.listUploadSessions('demo', { limit: 100, pageNumber: 3, isExpired: false }, options);
    await upstreams.lifecycle.DEEPSET.listUploadSessions('demo', { limit: 1, pageNumber: 1, isExpired: null }, options);
    expect(sent.map((s) => s.query.toString())).toEqual(['limit=100&page_number=3&is_expired=false', 'limit=1&page_number=1']);
    for (const { query } of sent) expect(queryProblems('DEEPSET', 'get', '/api/v1/workspaces/{workspace_name}/upload_sessions', query)).toEqual([]);
  });

  it('Paradigm create: an UploadSessionCreateRequest body', async () => {
    await upstreams.lifecycle.PARADIGM.createUploadSession({ ingestionPipeline: 'v2.1.1' }, options);
    await upstreams.lifecycle.PARADIGM.createUploadSession({ ingestionPipeline: null }, options);
    expect(sent.map((s) => s.body)).toEqual([{ ingestion_pipeline: 'v2.1.1' }, {}]);
    for (const { body } of sent) expect(bodyProblems('PARADIGM', 'post', '/api/v2/upload-session', body)).toEqual([]);
  });

  it('Kadoa start, pause and resume: their request bodies', async () => {
    await upstreams.lifecycle.KADOA.startCrawl({ startUrls: ['https://example.org'], maxDepth: 2, maxPages: 5, pathsFilterIn: ['^/docs'], pathsFilterOut: ['\\.pdf$'] }, options);
    await upstreams.lifecycle.KADOA.pause({ provider: 'KADOA', sessionId: 'crawl-1' }, options);
    await upstreams.lifecycle.KADOA.resume({ provider: 'KADOA', sessionId: 'crawl-1' }, options);
    expect(sent.map((s) => [s.method, s.path])).toEqual([['POST', '/v4/crawl/'], ['POST', '/v4/crawl/pause'], ['POST', '/v4/crawl/resume']]);
    expect(bodyProblems('KADOA', 'post', '/v4/crawl/', sent[0]!.body)).toEqual([]);
    expect(bodyProblems('KADOA', 'post', '/v4/crawl/pause', sent[1]!.body)).toEqual([]);
    expect(bodyProblems('KADOA', 'post', '/v4/crawl/resume', sent[2]!.body)).toEqual([]);
  });

  it('Kadoa lists: documented query parameters, and the session id encoded in the pages path', async () => {
    await upstreams.lifecycle.KADOA.listCrawlSessions({ page: 2, pageSize: 100 }, options);
    await upstreams.lifecycle.KADOA.listCrawlPages({ provider: 'KADOA', sessionId: 'crawl~1' }, { page: 1, pageSize: 20 }, options);
    expect(sent.map((s) => `${s.path}?${s.query}`)).toEqual(['/v4/crawl/sessions?page=2&pageSize=100', '/v4/crawl/crawl~1/pages?currentPage=1&pageSize=20']);
    expect(queryProblems('KADOA', 'get', '/v4/crawl/sessions', sent[0]!.query)).toEqual([]);
    expect(queryProblems('KADOA', 'get', '/v4/crawl/{sessionId}/pages', sent[1]!.query)).toEqual([]);
  });

  it('Ping pause and resume: a PATCH without a body', async () => {
    await upstreams.lifecycle.PING.pause({ provider: 'PING', sessionId: 'vpn-1' }, options);
    await upstreams.lifecycle.PING.resume({ provider: 'PING', sessionId: 'vpn-1' }, options);
    expect(sent).toEqual([
      { method: 'PATCH', path: '/sessions/vpn-1/pause', query: new URLSearchParams(), body: undefined },
      { method: 'PATCH', path: '/sessions/vpn-1/resume', query: new URLSearchParams(), body: undefined },
    ]);
  });

  it('the checks catch a body the contract forbids', () => {
    expect(bodyProblems('DEEPSET', 'post', '/api/v1/workspaces/{workspace_name}/upload_sessions', { write_mode: 'MERGE', expires_in_seconds: 0 })).not.toEqual([]);
    expect(queryProblems('KADOA', 'get', '/v4/crawl/sessions', new URLSearchParams('pageSize=101&sort=x'))).toEqual(['pageSize=101 breaks its schema', 'sort is not a documented parameter']);
  });
});
