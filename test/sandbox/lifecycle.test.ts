import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoTime } from '../../src/sandbox/demo-sessions.js';
import { SANDBOX_KEYS, startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import type { Provider } from '../../src/upstreams/provider.js';
import { authHeaders, call, closeDeepset, getSession, type CallOptions } from './sandbox-client.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const send = (provider: Provider, method: CallOptions['method'], body?: string): CallOptions => ({
  method,
  body,
  headers: { ...authHeaders(provider, SANDBOX_KEYS[provider]), 'content-type': 'application/json' },
});

async function ok(provider: Provider, path: string, options?: CallOptions): Promise<unknown> {
  const response = await call(sandbox, provider, path, options);
  if (response.status >= 300) throw new Error(`${provider} ${path}: ${response.status} ${response.text}`);
  return JSON.parse(response.text);
}

const DEEPSET_LIST = '/api/v1/workspaces/demo/upload_sessions';
const createdDeepset = (n: number) => `d1000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const SANDY = { user_id: 'e0000000-0000-4000-8000-000000000001', given_name: 'Sandy', family_name: 'Box' };

describe('deepset: create, then watch', () => {
  it('answers 201 with the new id, and the session then moves like a demo: open, closed and ingesting, expired', async () => {
    const created = await ok('DEEPSET', DEEPSET_LIST, send('DEEPSET', 'POST', '{"write_mode":"FAIL","expires_in_seconds":60}'));
    const id = createdDeepset(1);
    expect(created).toEqual({
      session_id: id,
      documentation_url: 'https://docs.cloud.deepset.ai/docs/upload-files',
      expires_at: demoTime(30),
      aws_prefixed_request_config: { url: 'https://sandbox-uploads.invalid/', fields: { key: `sandbox/${id}/\${filename}`, policy: 'sandbox-policy' } },
    });
    const read = () => getSession(sandbox, 'DEEPSET', id) as Promise<{ status: string; ingestion_status: unknown }>;
    expect(await read()).toEqual({
      session_id: id,
      status: 'OPEN',
      expires_at: demoTime(30),
      write_mode: 'FAIL',
      documentation_url: 'https://docs.cloud.deepset.ai/docs/upload-files',
      ingestion_status: { failed_files: 0, finished_files: 0 },
    });
    sandbox.tick(2);
    expect((await closeDeepset(sandbox, id)).status).toBe(204);
    sandbox.tick(3);
    expect(await read()).toMatchObject({ status: 'CLOSED', ingestion_status: { failed_files: 0, finished_files: 3 } });
    sandbox.tick(25);
    expect(await read()).toMatchObject({ status: 'EXPIRED', ingestion_status: { failed_files: 0, finished_files: 5 } });
  });

  it('takes the contract defaults from an empty body: KEEP, and 24 hours', async () => {
    expect(await ok('DEEPSET', DEEPSET_LIST, send('DEEPSET', 'POST', '{}'))).toMatchObject({ session_id: createdDeepset(1), expires_at: demoTime(43_200) });
    expect(await getSession(sandbox, 'DEEPSET', createdDeepset(1))).toMatchObject({ write_mode: 'KEEP', status: 'OPEN' });
  });

  it('refuses the eleventh open session with 406 until one is closed, and creates nothing meanwhile', async () => {
    for (let n = 1; n <= 9; n += 1) await ok('DEEPSET', DEEPSET_LIST, send('DEEPSET', 'POST', '{}'));
    expect((await call(sandbox, 'DEEPSET', DEEPSET_LIST, send('DEEPSET', 'POST', '{}'))).status).toBe(406);
    expect((await closeDeepset(sandbox, createdDeepset(4))).status).toBe(204);
    expect(await ok('DEEPSET', DEEPSET_LIST, send('DEEPSET', 'POST', '{}'))).toMatchObject({ session_id: createdDeepset(10) });
    expect((await call(sandbox, 'DEEPSET', DEEPSET_LIST, send('DEEPSET', 'POST', '{}'))).status).toBe(406);
    expect(sandbox.requestCount('DEEPSET', { method: 'POST' })).toBe(12);
  });

  it('answers 402 for the free-plan workspace, and 422 listing every problem of a bad body', async () => {
    const freePlan = await call(sandbox, 'DEEPSET', '/api/v1/workspaces/free-plan/upload_sessions', send('DEEPSET', 'POST', '{}'));
    const invalid = await call(sandbox, 'DEEPSET', DEEPSET_LIST, send('DEEPSET', 'POST', '{"write_mode":"MERGE","expires_in_seconds":1.5,"parallel_processing_enabled":"yes"}'));
    expect(freePlan.status).toBe(402);
    expect({ status: invalid.status, locs: (JSON.parse(invalid.text) as { detail: { loc: string[] }[] }).detail.map(({ loc }) => loc.join('.')) }).toEqual({
      status: 422,
      locs: ['body.write_mode', 'body.expires_in_seconds', 'body.parallel_processing_enabled'],
    });
  });
});

describe('deepset: the list', () => {
  const ids = (body: unknown) => (body as { data: { session_id: string }[] }).data.map(({ session_id }) => session_id);

  it('walks pages newest first, with has_more and total, to the last page and past it', async () => {
    for (let n = 1; n <= 3; n += 1) await ok('DEEPSET', DEEPSET_LIST, send('DEEPSET', 'POST', '{}'));
    const page = (n: number) => ok('DEEPSET', `${DEEPSET_LIST}?limit=4&page_number=${n}`);
    const [first, last, past] = [await page(1), await page(2), await page(3)];
    expect([first, last, past].map((body) => ({ ids: ids(body), has_more: (body as { has_more: boolean }).has_more, total: (body as { total: number }).total }))).toEqual([
      { ids: [createdDeepset(3), createdDeepset(2), createdDeepset(1), 'd0000000-0000-4000-8000-000000000003'], has_more: true, total: 6 },
      { ids: ['d0000000-0000-4000-8000-000000000002', 'd0000000-0000-4000-8000-000000000001'], has_more: false, total: 6 },
      { ids: [], has_more: false, total: 6 },
    ]);
  });

  it('shows the fields only the list has, and filters on is_expired', async () => {
    expect(await ok('DEEPSET', `${DEEPSET_LIST}?is_expired=true`)).toEqual({
      data: [
        {
          session_id: 'd0000000-0000-4000-8000-000000000003',
          created_by: SANDY,
          created_at: demoTime(-43_230),
          expires_at: '2024-12-31T09:00:00Z',
          write_mode: 'FAIL',
          status: 'EXPIRED',
        },
      ],
      has_more: false,
      total: 1,
    });
    expect(ids(await ok('DEEPSET', `${DEEPSET_LIST}?is_expired=false`))).toEqual(['d0000000-0000-4000-8000-000000000002', 'd0000000-0000-4000-8000-000000000001']);
  });

  it('is empty for a workspace with no sessions', async () => {
    expect(await ok('DEEPSET', '/api/v1/workspaces/empty/upload_sessions')).toEqual({ data: [], has_more: false, total: 0 });
  });
});

describe('paradigm: create', () => {
  it('answers 201 with a valid, empty session that the read endpoint then serves', async () => {
    const id = 'a1000000-0000-4000-8000-000000000001';
    const expected = { uuid: id, is_valid: true, created_at: demoTime(0), updated_at: demoTime(0), documents: [] };
    const response = await call(sandbox, 'PARADIGM', '/api/v2/upload-session', send('PARADIGM', 'POST', '{}'));
    expect({ status: response.status, body: JSON.parse(response.text) as unknown }).toEqual({ status: 201, body: expected });
    sandbox.tick(3);
    expect(await getSession(sandbox, 'PARADIGM', id)).toEqual(expected);
  });
});

describe('kadoa: start, pause, resume, list and pages', () => {
  const status = (id: string) => getSession(sandbox, 'KADOA', id);
  const start = (body: string) => ok('KADOA', '/v4/crawl/', send('KADOA', 'POST', body));
  const command = (verb: 'pause' | 'resume', id: string) => call(sandbox, 'KADOA', `/v4/crawl/${verb}`, send('KADOA', 'POST', JSON.stringify({ sessionId: id })));

  it('starts a crawl that moves a page a tick, stands still while paused, and finishes after resume', async () => {
    expect(await start('{"startUrls":["https://example.org/docs"],"maxPages":3}')).toEqual({ message: 'Crawl started', sessionId: 'crawl-1', configId: 'config-1', error: null });
    const seen: unknown[] = [];
    const payload = async () => ((await status('crawl-1')) as { payload: unknown }).payload;
    seen.push(await payload());
    sandbox.tick();
    expect((await command('pause', 'crawl-1')).status).toBe(200);
    sandbox.tick(2);
    seen.push(await payload());
    expect((await command('pause', 'crawl-1')).status).toBe(400);
    expect((await command('resume', 'crawl-1')).status).toBe(200);
    sandbox.tick(2);
    seen.push(await payload());
    expect((await command('resume', 'crawl-1')).status).toBe(400);
    expect((await command('pause', 'crawl-1')).status).toBe(400);
    expect(seen).toEqual([
      { crawledPages: 0, finished: false, status: 'crawling', startUrl: 'https://example.org/docs' },
      { crawledPages: 1, finished: false, status: 'paused', startUrl: 'https://example.org/docs' },
      { crawledPages: 3, finished: true, status: 'finished', startUrl: 'https://example.org/docs' },
    ]);
  });

  it("pages a crawl's pages: done, crawling, pending; the last page and past it", async () => {
    await start('{"startUrls":["https://example.org/"],"maxPages":3}');
    sandbox.tick();
    const page = (n: number) => ok('KADOA', `/v4/crawl/crawl-1/pages?currentPage=${n}&pageSize=2`);
    expect([await page(1), await page(2), await page(3)]).toEqual([
      {
        sessionId: 'crawl-1',
        error: null,
        payload: [
          { id: 'crawl-1-page-1', url: 'https://example.org/', status: 'DONE' },
          { id: 'crawl-1-page-2', url: 'https://example.org/page-2', status: 'CRAWLING' },
        ],
        pagination: { page: 1, pageSize: 2, totalItems: 3, totalPages: 2, hasMore: true },
      },
      {
        sessionId: 'crawl-1',
        error: null,
        payload: [{ id: 'crawl-1-page-3', url: 'https://example.org/page-3', status: 'PENDING' }],
        pagination: { page: 2, pageSize: 2, totalItems: 3, totalPages: 2, hasMore: false },
      },
      { sessionId: 'crawl-1', error: null, payload: [], pagination: { page: 3, pageSize: 2, totalItems: 3, totalPages: 2, hasMore: false } },
    ]);
  });

  it('lists sessions newest first across pages, with live stats, and filters by user', async () => {
    await start('{"url":"https://example.org"}');
    sandbox.tick(2);
    const page = (n: number) => ok('KADOA', `/v4/crawl/sessions?page=${n}&pageSize=2`);
    const [first, last, past] = [await page(1), await page(2), await page(3)];
    expect(first).toEqual({
      data: [
        {
          sessionId: 'crawl-1',
          configId: 'config-1',
          domain: 'example.org',
          startUrls: ['https://example.org'],
          userId: 'sandbox-user',
          createdAt: demoTime(0),
          activeJobs: 1,
          waitingJobs: 5,
          crawledPages: 2,
          finished: false,
        },
        {
          sessionId: 'crawl-demo-2',
          configId: 'config-demo-2',
          domain: 'example.com',
          startUrls: ['https://example.com/blog'],
          userId: 'sandbox-user',
          createdAt: demoTime(-1800),
          activeJobs: 0,
          waitingJobs: 0,
          crawledPages: 3,
          finished: true,
        },
      ],
      pagination: { page: 1, pageSize: 2, totalItems: 3, totalPages: 2, hasMore: true },
    });
    expect([last, past].map((body) => (body as { data: { sessionId: string }[]; pagination: unknown }))).toMatchObject([
      { data: [{ sessionId: 'crawl-demo-1' }], pagination: { page: 2, hasMore: false } },
      { data: [], pagination: { page: 3, hasMore: false } },
    ]);
    expect(await ok('KADOA', '/v4/crawl/sessions?userId=someone-else')).toEqual({
      data: [],
      pagination: { page: 1, pageSize: 25, totalItems: 0, totalPages: 0, hasMore: false },
    });
  });

  it('forgets created crawls and pauses on reset', async () => {
    await start('{"url":"https://example.org"}');
    expect((await command('pause', 'crawl-demo-1')).status).toBe(200);
    sandbox.reset();
    sandbox.tick();
    expect((await call(sandbox, 'KADOA', '/v4/crawl/crawl-1/status')).status).toBe(404);
    expect(await status('crawl-demo-1')).toMatchObject({ payload: { crawledPages: 1, status: 'crawling' } });
  });
});

describe('ping: pause and resume', () => {
  const path = (verb: string) => `/sessions/vpn-demo-1/${verb}`;

  it('disconnects while paused with the counters standing still, and connects again after resume', async () => {
    sandbox.tick(3);
    expect(await ok('PING', path('pause'), send('PING', 'PATCH'))).toEqual({ session_id: 'vpn-demo-1', paused: true });
    sandbox.tick(4);
    const paused = await getSession(sandbox, 'PING', 'vpn-demo-1');
    expect(await ok('PING', path('resume'), send('PING', 'PATCH'))).toEqual({ session_id: 'vpn-demo-1', paused: false });
    sandbox.tick();
    const resumed = await getSession(sandbox, 'PING', 'vpn-demo-1');
    expect([paused, resumed]).toEqual([
      { client_id: 'client-demo-1', status: 'disconnected', duration: 4, uploaded_bytes: 96_256, downloaded_bytes: 2_621_440 },
      { client_id: 'client-demo-1', status: 'connected', duration: 6, uploaded_bytes: 144_384, downloaded_bytes: 3_932_160 },
    ]);
  });
});
