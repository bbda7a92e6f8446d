import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoTime } from '../../src/sandbox/demo-sessions.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { call, closeDeepset, getSession, SESSION_PATH } from './sandbox-client.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const DEEPSET_1 = 'd0000000-0000-4000-8000-000000000001';
const DEEPSET_2 = 'd0000000-0000-4000-8000-000000000002';
const DEEPSET_3 = 'd0000000-0000-4000-8000-000000000003';
const PARADIGM_1 = 'a0000000-0000-4000-8000-000000000001';
const PARADIGM_2 = 'a0000000-0000-4000-8000-000000000002';
const DOCS_URL = 'https://docs.cloud.deepset.ai/docs/upload-files';

/** Reads `read()` at each of `ticks` (ascending), ticking the sandbox in between. */
async function atTicks<T>(ticks: number[], read: () => Promise<T>): Promise<Record<number, T>> {
  const seen: Record<number, T> = {};
  let now = 0;
  for (const tick of ticks) {
    sandbox.tick(tick - now);
    now = tick;
    seen[tick] = await read();
  }
  return seen;
}

describe('deepset', () => {
  const deepset1 = (status: string, finished: number) => ({
    session_id: DEEPSET_1,
    status,
    expires_at: '2099-01-01T00:00:00Z',
    write_mode: 'KEEP',
    documentation_url: DOCS_URL,
    ingestion_status: { failed_files: 0, finished_files: finished },
  });

  it('0001 stays OPEN until closed, then ingests one file per tick up to 5; a second close is 409', async () => {
    sandbox.tick(4);
    expect(await getSession(sandbox, 'DEEPSET', DEEPSET_1)).toEqual(deepset1('OPEN', 0));
    expect(await closeDeepset(sandbox, DEEPSET_1)).toMatchObject({ status: 204, text: '' });
    expect(await getSession(sandbox, 'DEEPSET', DEEPSET_1)).toEqual(deepset1('CLOSED', 0));
    sandbox.tick();
    expect(await getSession(sandbox, 'DEEPSET', DEEPSET_1)).toEqual(deepset1('CLOSED', 1));
    sandbox.tick(10);
    expect(await getSession(sandbox, 'DEEPSET', DEEPSET_1)).toEqual(deepset1('CLOSED', 5));
    expect(await closeDeepset(sandbox, DEEPSET_1)).toMatchObject({ status: 409, text: '' });
  });

  it('0001 closes with `{}` too, since CloseSession.status defaults to CLOSED', async () => {
    expect((await closeDeepset(sandbox, DEEPSET_1, '{}')).status).toBe(204);
    expect(await getSession(sandbox, 'DEEPSET', DEEPSET_1)).toEqual(deepset1('CLOSED', 0));
  });

  it('a refused close (422) changes nothing', async () => {
    expect((await closeDeepset(sandbox, DEEPSET_1, '{"status":"OPEN"}')).status).toBe(422);
    expect(await getSession(sandbox, 'DEEPSET', DEEPSET_1)).toEqual(deepset1('OPEN', 0));
  });

  it('0002 ingests 12 files with one failure, then EXPIRES 3 ticks after ingestion stops', async () => {
    const seen = await atTicks([0, 5, 6, 12, 14, 15, 40], () => getSession(sandbox, 'DEEPSET', DEEPSET_2));
    const deepset2 = (status: string, finished: number, failed: number) => ({
      session_id: DEEPSET_2,
      status,
      expires_at: demoTime(15),
      write_mode: 'OVERWRITE',
      documentation_url: DOCS_URL,
      ingestion_status: { failed_files: failed, finished_files: finished },
    });
    expect(seen).toEqual({
      0: deepset2('CLOSED', 0, 0),
      5: deepset2('CLOSED', 5, 0),
      6: deepset2('CLOSED', 6, 1),
      12: deepset2('CLOSED', 12, 1),
      14: deepset2('CLOSED', 12, 1),
      15: deepset2('EXPIRED', 12, 1),
      40: deepset2('EXPIRED', 12, 1),
    });
    expect(demoTime(15)).toBe('2025-01-01T09:00:30Z');
  });

  it('0003 is EXPIRED for good, with expires_at in the past', async () => {
    const seen = await atTicks([0, 50], () => getSession(sandbox, 'DEEPSET', DEEPSET_3));
    const expected = {
      session_id: DEEPSET_3,
      status: 'EXPIRED',
      expires_at: '2024-12-31T09:00:00Z',
      write_mode: 'FAIL',
      documentation_url: DOCS_URL,
      ingestion_status: { failed_files: 2, finished_files: 7 },
    };
    expect(seen).toEqual({ 0: expected, 50: expected });
  });

  it('accepts the id in upper case (it is a UUID), but only in workspace "demo"', async () => {
    expect((await call(sandbox, 'DEEPSET', SESSION_PATH.DEEPSET(DEEPSET_3.toUpperCase()))).status).toBe(200);
    const elsewhere = await call(sandbox, 'DEEPSET', `/api/v1/workspaces/prod/upload_sessions/${DEEPSET_3}`);
    expect(elsewhere.status).toBe(404);
  });
});

describe('paradigm', () => {
  it('0001 moves four documents pending -> parsing -> embedding -> embedded, one tick apart', async () => {
    const seen = await atTicks([0, 1, 2, 3, 4, 5, 6, 9], async () => {
      const session = (await getSession(sandbox, 'PARADIGM', PARADIGM_1)) as { documents: { status: string }[] };
      return session.documents.map(({ status }) => status).join(' ');
    });
    expect(seen).toEqual({
      0: 'pending pending pending pending',
      1: 'parsing pending pending pending',
      2: 'embedding parsing pending pending',
      3: 'embedded embedding parsing pending',
      4: 'embedded embedded embedding parsing',
      5: 'embedded embedded embedded embedding',
      6: 'embedded embedded embedded embedded',
      9: 'embedded embedded embedded embedded',
    });
  });

  it('0001 bumps updated_at on a document and on the session only when something changed', async () => {
    sandbox.tick(4);
    expect(await getSession(sandbox, 'PARADIGM', PARADIGM_1)).toEqual({
      uuid: PARADIGM_1,
      is_valid: true,
      created_at: demoTime(0),
      updated_at: demoTime(4),
      documents: [
        { id: 101, title: 'Quarterly report Q4.pdf', collection: 7, status: 'embedded', updated_at: demoTime(3), workspace: 'Finance' },
        { id: 102, title: 'Onboarding handbook.docx', collection: 7, status: 'embedded', updated_at: demoTime(4), workspace: 'People' },
        { id: 103, title: 'Architecture overview.md', collection: 12, status: 'embedding', updated_at: demoTime(4), workspace: null },
        { id: 104, title: 'Pricing 2025.xlsx', collection: 12, status: 'parsing', updated_at: demoTime(4), workspace: 'Sales' },
      ],
    });
    sandbox.tick(10);
    const done = (await getSession(sandbox, 'PARADIGM', PARADIGM_1)) as { updated_at: string };
    expect(done.updated_at).toBe(demoTime(6));
  });

  it('0002 is final and static: one embedding_failed, the others embedded', async () => {
    const seen = await atTicks([0, 30], () => getSession(sandbox, 'PARADIGM', PARADIGM_2));
    const expected = {
      uuid: PARADIGM_2,
      is_valid: false,
      created_at: demoTime(-1800),
      updated_at: demoTime(-1500),
      documents: [
        { id: 201, title: 'Contract draft v3.pdf', collection: 3, status: 'embedded', updated_at: demoTime(-1600), workspace: 'Legal' },
        { id: 202, title: 'Scanned invoice 0042.tiff', collection: 3, status: 'embedding_failed', updated_at: demoTime(-1500), workspace: 'Legal' },
        { id: 203, title: 'Meeting notes.txt', collection: 5, status: 'embedded', updated_at: demoTime(-1550), workspace: null },
      ],
    };
    expect(seen).toEqual({ 0: expected, 30: expected });
  });
});

describe('ping', () => {
  it('vpn-demo-1 is created, connects on the next tick, then counts 2 s and bytes per tick without end', async () => {
    const seen = await atTicks([0, 1, 2, 5, 100], async () => (await call(sandbox, 'PING', SESSION_PATH.PING('vpn-demo-1'))).text);
    expect(seen).toEqual({
      0: '{"client_id":"client-demo-1","status":"created","duration":0,"uploaded_bytes":0,"downloaded_bytes":0}',
      1: '{"client_id":"client-demo-1","status":"connected","duration":0,"uploaded_bytes":0,"downloaded_bytes":0}',
      2: '{"client_id":"client-demo-1","status":"connected","duration":2,"uploaded_bytes":48128,"downloaded_bytes":1310720}',
      5: '{"client_id":"client-demo-1","status":"connected","duration":8,"uploaded_bytes":192512,"downloaded_bytes":5242880}',
      100: '{"client_id":"client-demo-1","status":"connected","duration":198,"uploaded_bytes":4764672,"downloaded_bytes":129761280}',
    });
  });

  it('vpn-demo-2 writes 2^53 + 1 downloaded bytes as an exact JSON integer', async () => {
    const { text } = await call(sandbox, 'PING', SESSION_PATH.PING('vpn-demo-2'));
    expect(text).toBe(
      '{"client_id":"client-demo-2","status":"disconnected","duration":5400,"uploaded_bytes":73400320,"downloaded_bytes":9007199254740993}',
    );
  });
});

describe('kadoa', () => {
  it('crawl-demo-1 crawls one page per tick and finishes at 8', async () => {
    const seen = await atTicks([0, 3, 7, 8, 20], () => getSession(sandbox, 'KADOA', 'crawl-demo-1'));
    const crawl = (crawledPages: number, finished: boolean) => ({
      sessionId: 'crawl-demo-1',
      error: null,
      payload: { crawledPages, finished, status: finished ? 'finished' : 'crawling', startUrl: 'https://example.com' },
    });
    expect(seen).toEqual({ 0: crawl(0, false), 3: crawl(3, false), 7: crawl(7, false), 8: crawl(8, true), 20: crawl(8, true) });
  });

  it('crawl-demo-2 failed with an error message, static', async () => {
    const seen = await atTicks([0, 20], () => getSession(sandbox, 'KADOA', 'crawl-demo-2'));
    const expected = {
      sessionId: 'crawl-demo-2',
      error: 'Navigation timeout while crawling https://example.com/blog',
      payload: { crawledPages: 3, finished: true, status: 'failed' },
    };
    expect(seen).toEqual({ 0: expected, 20: expected });
  });
});

describe('routing', () => {
  it('answers 404 to unknown ids and paths, and 405 to a wrong method on a known path', async () => {
    const answers = await Promise.all([
      call(sandbox, 'DEEPSET', '/api/v1/workspaces/demo/upload_sessions/d0000000-0000-4000-8000-000000000001/files'),
      call(sandbox, 'PARADIGM', '/api/v2/upload-session/a0000000-0000-4000-8000-000000000001/extra'),
      call(sandbox, 'PING', '/sessions/vpn-demo-1'),
      call(sandbox, 'KADOA', '/v4/crawl/crawl-demo-1'),
      call(sandbox, 'KADOA', SESSION_PATH.KADOA('crawl-demo-1'), { method: 'PUT', headers: { 'x-api-key': sandbox.keys.KADOA } }),
      call(sandbox, 'PARADIGM', SESSION_PATH.PARADIGM(PARADIGM_1), { method: 'PUT', headers: { authorization: `Bearer ${sandbox.keys.PARADIGM}` } }),
      call(sandbox, 'PING', SESSION_PATH.PING('vpn-demo-1'), { method: 'DELETE', headers: { authorization: sandbox.keys.PING } }),
      call(sandbox, 'DEEPSET', '/api/v1/workspaces/demo/upload_sessions', { method: 'DELETE', headers: { authorization: `Bearer ${sandbox.keys.DEEPSET}` } }),
      call(sandbox, 'KADOA', '/v4/crawl/pause', { headers: { 'x-api-key': sandbox.keys.KADOA } }),
    ]);
    expect(answers.map(({ status, headers }) => [status, headers.allow])).toEqual([
      [404, undefined],
      [404, undefined],
      [404, undefined],
      [404, undefined],
      [405, 'GET'],
      [405, 'GET'],
      [405, 'GET'],
      [405, 'GET, POST'],
      [405, 'POST'],
    ]);
  });

  it("serves Ping only under its real server path, /customer/v2", async () => {
    expect(new URL(sandbox.urls.PING).pathname).toBe('/customer/v2');
    const origin = new URL(sandbox.urls.PING).origin;
    const outside = await call({ ...sandbox, urls: { ...sandbox.urls, PING: origin } }, 'PING', SESSION_PATH.PING('vpn-demo-1'));
    expect(outside.status).toBe(404);
  });

  it('answers 413 in the provider shape to a PUT body over the cap', async () => {
    const response = await closeDeepset(sandbox, DEEPSET_1, JSON.stringify({ status: 'CLOSED', pad: 'x'.repeat(64 * 1024) }));
    expect({ status: response.status, body: JSON.parse(response.text) }).toEqual({ status: 413, body: { detail: 'Payload Too Large' } });
    expect(await getSession(sandbox, 'DEEPSET', DEEPSET_1)).toMatchObject({ status: 'OPEN' });
  });
});

describe('loopAfterTicks', () => {
  let looping: Sandbox;
  beforeEach(async () => {
    looping = await startSandbox({ loopAfterTicks: 2 });
  });
  afterEach(() => looping.close());

  it('restarts a finished demo that many ticks after its end, with timestamps that keep moving forward', async () => {
    looping.tick(8);
    expect(await getSession(looping, 'KADOA', 'crawl-demo-1')).toMatchObject({ payload: { crawledPages: 8, finished: true } });
    looping.tick(1);
    expect(await getSession(looping, 'KADOA', 'crawl-demo-1')).toMatchObject({ payload: { crawledPages: 8, finished: true } });
    // Paradigm 0001 ended at tick 6, so its second run began at tick 8.
    expect(await getSession(looping, 'PARADIGM', PARADIGM_1)).toMatchObject({ created_at: demoTime(8) });
    looping.tick(1);
    expect(await getSession(looping, 'KADOA', 'crawl-demo-1')).toMatchObject({ payload: { crawledPages: 0, finished: false } });
    looping.tick(1);
    expect(await getSession(looping, 'KADOA', 'crawl-demo-1')).toMatchObject({ payload: { crawledPages: 1, status: 'crawling' } });
  });

  it('restarts deepset 0001 only after it was closed and ingested, and 0002 after it EXPIRED', async () => {
    looping.tick(30);
    expect(await getSession(looping, 'DEEPSET', DEEPSET_1)).toMatchObject({ status: 'OPEN' });
    expect((await closeDeepset(looping, DEEPSET_1)).status).toBe(204);
    looping.tick(5 + 1);
    expect(await getSession(looping, 'DEEPSET', DEEPSET_1)).toMatchObject({ status: 'CLOSED', ingestion_status: { finished_files: 5 } });
    looping.tick(1);
    expect(await getSession(looping, 'DEEPSET', DEEPSET_1)).toMatchObject({ status: 'OPEN', ingestion_status: { finished_files: 0 } });
    expect((await closeDeepset(looping, DEEPSET_1)).status).toBe(204);

    const restarted = await startSandbox({ loopAfterTicks: 0 });
    try {
      restarted.tick(14);
      expect(await getSession(restarted, 'DEEPSET', DEEPSET_2)).toMatchObject({ status: 'CLOSED' });
      restarted.tick(1);
      expect(await getSession(restarted, 'DEEPSET', DEEPSET_2)).toMatchObject({
        status: 'CLOSED',
        expires_at: demoTime(30),
        ingestion_status: { finished_files: 0, failed_files: 0 },
      });
    } finally {
      await restarted.close();
    }
  });

  it('never restarts static demos', async () => {
    const before = await getSession(looping, 'KADOA', 'crawl-demo-2');
    looping.tick(100);
    expect(await getSession(looping, 'KADOA', 'crawl-demo-2')).toEqual(before);
  });
});

describe('tick and reset', () => {
  it('reset() returns every demo to tick 0 and reopens deepset 0001', async () => {
    const initial = await getSession(sandbox, 'PARADIGM', PARADIGM_1);
    await closeDeepset(sandbox, DEEPSET_1);
    sandbox.tick(7);
    sandbox.reset();
    expect(await getSession(sandbox, 'PARADIGM', PARADIGM_1)).toEqual(initial);
    expect(await getSession(sandbox, 'DEEPSET', DEEPSET_1)).toMatchObject({ status: 'OPEN' });
  });

  it('rejects a step count that is not a non-negative integer', () => {
    expect(() => sandbox.tick(-1)).toThrow(RangeError);
    expect(() => sandbox.tick(1.5)).toThrow(RangeError);
  });
});
