import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_KEYS, startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import type { Provider } from '../../src/upstreams/provider.js';
import { responseValidator } from '../support/openapi.js';
import { authHeaders, call, type CallOptions, type RawResponse } from './sandbox-client.js';

// The lifecycle endpoints' answers, success and error alike, checked against schema/upstreams/*.yaml
// as contract.test.ts checks the seed endpoints'.

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const DEEPSET_LIST = '/api/v1/workspaces/demo/upload_sessions';
const json = (provider: Provider, method: CallOptions['method'], body?: string): CallOptions => ({
  method,
  body,
  headers: { ...authHeaders(provider, SANDBOX_KEYS[provider]), 'content-type': 'application/json' },
});

function expectConforms(provider: Provider, method: string, path: string, response: RawResponse): void {
  const contract = responseValidator(provider, method, path, response.status);
  expect(response.headers['content-type']).toBe('application/json');
  expect(contract.problems(JSON.parse(response.text)), `${provider} ${method} ${path} ${response.status}: ${response.text}`).toEqual([]);
}

interface Case {
  name: string;
  provider: Provider;
  path: string;
  options?: CallOptions;
  status: number;
  /** Runs first, to put the simulator in the state the case needs. */
  before?: () => Promise<unknown>;
}

const CASES: Case[] = [
  { name: 'deepset list, defaults', provider: 'DEEPSET', path: DEEPSET_LIST, status: 200 },
  { name: 'deepset list, a page past the end', provider: 'DEEPSET', path: `${DEEPSET_LIST}?limit=2&page_number=9`, status: 200 },
  { name: 'deepset list, expired only', provider: 'DEEPSET', path: `${DEEPSET_LIST}?is_expired=true`, status: 200 },
  { name: 'deepset list, another workspace', provider: 'DEEPSET', path: '/api/v1/workspaces/other/upload_sessions', status: 200 },
  { name: 'deepset list, limit over 100', provider: 'DEEPSET', path: `${DEEPSET_LIST}?limit=101`, status: 422 },
  { name: 'deepset list, page_number 0', provider: 'DEEPSET', path: `${DEEPSET_LIST}?page_number=0`, status: 422 },
  { name: 'deepset list, is_expired not a boolean', provider: 'DEEPSET', path: `${DEEPSET_LIST}?is_expired=maybe`, status: 422 },
  { name: 'deepset create, all defaults', provider: 'DEEPSET', path: DEEPSET_LIST, options: json('DEEPSET', 'POST', '{}'), status: 201 },
  {
    name: 'deepset create, every field',
    provider: 'DEEPSET',
    path: DEEPSET_LIST,
    options: json('DEEPSET', 'POST', '{"write_mode":"OVERWRITE","expires_in_seconds":60,"parallel_processing_enabled":true}'),
    status: 201,
  },
  { name: 'deepset create, no body', provider: 'DEEPSET', path: DEEPSET_LIST, options: json('DEEPSET', 'POST'), status: 422 },
  { name: 'deepset create, expiry 0', provider: 'DEEPSET', path: DEEPSET_LIST, options: json('DEEPSET', 'POST', '{"expires_in_seconds":0}'), status: 422 },
  { name: 'deepset create, expiry over a day', provider: 'DEEPSET', path: DEEPSET_LIST, options: json('DEEPSET', 'POST', '{"expires_in_seconds":86401}'), status: 422 },
  { name: 'deepset create, unknown write mode', provider: 'DEEPSET', path: DEEPSET_LIST, options: json('DEEPSET', 'POST', '{"write_mode":"MERGE"}'), status: 422 },
  { name: 'deepset create, broken JSON', provider: 'DEEPSET', path: DEEPSET_LIST, options: json('DEEPSET', 'POST', '{"write_mode":'), status: 422 },
  { name: 'paradigm create, empty body', provider: 'PARADIGM', path: '/api/v2/upload-session', options: json('PARADIGM', 'POST'), status: 201 },
  {
    name: 'paradigm create, with a pipeline',
    provider: 'PARADIGM',
    path: '/api/v2/upload-session',
    options: json('PARADIGM', 'POST', '{"ingestion_pipeline":"v2.2.1"}'),
    status: 201,
  },
  { name: 'kadoa start', provider: 'KADOA', path: '/v4/crawl/', options: json('KADOA', 'POST', '{"startUrls":["https://example.org"],"maxPages":3}'), status: 200 },
  { name: 'kadoa start with the older url field', provider: 'KADOA', path: '/v4/crawl/', options: json('KADOA', 'POST', '{"url":"https://example.org"}'), status: 200 },
  { name: 'kadoa start without a URL', provider: 'KADOA', path: '/v4/crawl/', options: json('KADOA', 'POST', '{"maxPages":3}'), status: 400 },
  { name: 'kadoa start, maxDepth 0', provider: 'KADOA', path: '/v4/crawl/', options: json('KADOA', 'POST', '{"startUrls":["https://example.org"],"maxDepth":0}'), status: 400 },
  { name: 'kadoa start without a key', provider: 'KADOA', path: '/v4/crawl/', options: { method: 'POST', body: '{}', headers: {} }, status: 401 },
  { name: 'kadoa pause', provider: 'KADOA', path: '/v4/crawl/pause', options: json('KADOA', 'POST', '{"sessionId":"crawl-demo-1"}'), status: 200 },
  { name: 'kadoa pause a finished crawl', provider: 'KADOA', path: '/v4/crawl/pause', options: json('KADOA', 'POST', '{"sessionId":"crawl-demo-2"}'), status: 400 },
  { name: 'kadoa pause an unknown crawl', provider: 'KADOA', path: '/v4/crawl/pause', options: json('KADOA', 'POST', '{"sessionId":"crawl-nope"}'), status: 404 },
  { name: 'kadoa pause without a sessionId', provider: 'KADOA', path: '/v4/crawl/pause', options: json('KADOA', 'POST', '{}'), status: 400 },
  {
    name: 'kadoa resume',
    provider: 'KADOA',
    path: '/v4/crawl/resume',
    options: json('KADOA', 'POST', '{"sessionId":"crawl-demo-1"}'),
    status: 200,
    before: () => call(sandbox, 'KADOA', '/v4/crawl/pause', json('KADOA', 'POST', '{"sessionId":"crawl-demo-1"}')),
  },
  { name: 'kadoa resume a crawl not paused', provider: 'KADOA', path: '/v4/crawl/resume', options: json('KADOA', 'POST', '{"sessionId":"crawl-demo-1"}'), status: 400 },
  { name: 'kadoa resume an unknown crawl', provider: 'KADOA', path: '/v4/crawl/resume', options: json('KADOA', 'POST', '{"sessionId":"crawl-nope"}'), status: 404 },
  { name: 'kadoa session list', provider: 'KADOA', path: '/v4/crawl/sessions?page=1&pageSize=1', status: 200 },
  { name: 'kadoa session list past the end', provider: 'KADOA', path: '/v4/crawl/sessions?page=5', status: 200 },
  { name: 'kadoa session list, pageSize over 100', provider: 'KADOA', path: '/v4/crawl/sessions?pageSize=101', status: 400 },
  { name: 'kadoa session list, page 0', provider: 'KADOA', path: '/v4/crawl/sessions?page=0', status: 400 },
  { name: 'kadoa pages', provider: 'KADOA', path: '/v4/crawl/crawl-demo-1/pages?currentPage=2&pageSize=3', status: 200 },
  { name: 'kadoa pages of a failed crawl', provider: 'KADOA', path: '/v4/crawl/crawl-demo-2/pages', status: 200 },
  { name: 'kadoa pages, pageSize 0', provider: 'KADOA', path: '/v4/crawl/crawl-demo-1/pages?pageSize=0', status: 400 },
  { name: 'kadoa pages of an unknown crawl', provider: 'KADOA', path: '/v4/crawl/crawl-nope/pages', status: 404 },
  { name: 'ping pause', provider: 'PING', path: '/sessions/vpn-demo-1/pause', options: json('PING', 'PATCH'), status: 200 },
  { name: 'ping pause a session that is not reusable', provider: 'PING', path: '/sessions/vpn-demo-2/pause', options: json('PING', 'PATCH'), status: 400 },
  { name: 'ping pause an unknown session', provider: 'PING', path: '/sessions/vpn-nope/pause', options: json('PING', 'PATCH'), status: 404 },
  { name: 'ping pause without a key', provider: 'PING', path: '/sessions/vpn-demo-1/pause', options: { method: 'PATCH', headers: {} }, status: 401 },
  {
    name: 'ping resume',
    provider: 'PING',
    path: '/sessions/vpn-demo-1/resume',
    options: json('PING', 'PATCH'),
    status: 200,
    before: () => call(sandbox, 'PING', '/sessions/vpn-demo-1/pause', json('PING', 'PATCH')),
  },
  { name: 'ping resume a session not paused', provider: 'PING', path: '/sessions/vpn-demo-1/resume', options: json('PING', 'PATCH'), status: 400 },
];

describe('lifecycle answers conform to the schema for their status', () => {
  it.each(CASES)('$name -> $status', async ({ provider, path, options, status, before }) => {
    await before?.();
    const response = await call(sandbox, provider, path, options);
    expect(response.status).toBe(status);
    expectConforms(provider, options?.method ?? 'GET', path, response);
  });

  it("deepset's 402 and 406 have only a description in the contract; the sandbox sends FastAPI's detail", async () => {
    expect(responseValidator('DEEPSET', 'POST', DEEPSET_LIST, 402).schema).toBeNull();
    expect(responseValidator('DEEPSET', 'POST', DEEPSET_LIST, 406).schema).toBeNull();
    const freePlan = await call(sandbox, 'DEEPSET', '/api/v1/workspaces/free-plan/upload_sessions', json('DEEPSET', 'POST', '{}'));
    // demo 0001 is already open, so nine more reach the limit of ten.
    for (let created = 0; created < 9; created += 1) {
      expect((await call(sandbox, 'DEEPSET', DEEPSET_LIST, json('DEEPSET', 'POST', '{}'))).status).toBe(201);
    }
    const overLimit = await call(sandbox, 'DEEPSET', DEEPSET_LIST, json('DEEPSET', 'POST', '{}'));
    expect([freePlan, overLimit].map(({ status, text }) => ({ status, body: JSON.parse(text) as unknown }))).toEqual([
      { status: 402, body: { detail: "You can't upload to this workspace through upload sessions on a free plan." } },
      { status: 406, body: { detail: "You've reached the maximum number of upload sessions allowed per user." } },
    ]);
  });

  it('status faults on the new endpoints answer in the provider contract', async () => {
    const faulted: [Provider, string, CallOptions, number][] = [
      ['DEEPSET', DEEPSET_LIST, json('DEEPSET', 'POST', '{}'), 422],
      ['KADOA', '/v4/crawl/sessions', {}, 500],
      ['KADOA', '/v4/crawl/pause', json('KADOA', 'POST', '{"sessionId":"crawl-demo-1"}'), 500],
      ['PING', '/sessions/vpn-demo-1/pause', json('PING', 'PATCH'), 500],
    ];
    for (const [provider, path, options, status] of faulted) {
      sandbox.faults.set(provider, { kind: 'status', status }, { times: 1 });
      const response = await call(sandbox, provider, path, options);
      expect(response.status).toBe(status);
      expectConforms(provider, options.method ?? 'GET', path, response);
    }
  });
});
