import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { DASHBOARD_DOCUMENTS } from '../../src/dashboard/dashboard-paths.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A frontend team's manifest, as client-preset writes it. */
const PAGES = 'query Pages($id: String!) { kadoaCrawlSession(sessionId: $id) { crawledPages state } }';
const WATCH = 'subscription Watch($id: ID!) { sessionUpdated(id: $id) { state } }';
const TEAM_MANIFEST = { [`sha256:${sha256(PAGES)}`]: PAGES, [`sha256:${sha256(WATCH)}`]: WATCH };
const ARBITRARY = '{ kadoaCrawlSession(sessionId: "crawl-demo-1") { crawledPages } }';

const dashboardDocuments = JSON.parse(await readFile(DASHBOARD_DOCUMENTS, 'utf8')) as Record<string, string>;
const LOOK_UP_ID = Object.keys(dashboardDocuments).find((id) => dashboardDocuments[id]!.includes('query LookUpSessions'))!;

const KADOA = gid(DEMO.kadoaCrawling);
const PAGES_DATA = { data: { kadoaCrawlSession: { crawledPages: 0, state: 'PROCESSING' } } };

function wsClient(gw: TestGateway) {
  return createClient({ url: `${gw.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
}

/** The first result of a graphql-ws subscription, or the errors it was refused with. */
async function firstWsResult(gw: TestGateway, payload: { query: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> }) {
  const client = wsClient(gw);
  try {
    const iterator = client.iterate(payload);
    try {
      return (await iterator.next()).value;
    } catch (errors) {
      return { errors };
    } finally {
      await iterator.return?.();
    }
  } finally {
    await client.dispose();
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sessiongraph-trusted-'));
  await writeFile(join(dir, 'persisted-documents.json'), JSON.stringify(TEAM_MANIFEST));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('trusted-documents mode (TRUSTED_DOCUMENTS set)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ TRUSTED_DOCUMENTS: join(dir, 'persisted-documents.json'), POLL_INTERVAL_MS: '100' });
  });
  afterAll(() => gw.close());
  afterEach(async () => {
    await vi.waitFor(() => expect(gw.hub.stats()).toMatchObject({ activePollers: 0, activeSubscriptions: 0 }));
    gw.sandbox.reset();
  });

  it('runs a manifest operation named by its documentId, with one upstream call', async () => {
    expect(await gw.post({ documentId: `sha256:${sha256(PAGES)}`, variables: { id: 'crawl-demo-1' } })).toMatchObject({ status: 200, body: PAGES_DATA });
    expect(gw.sandbox.requestCount('KADOA')).toBe(1);
  });

  it("also takes Apollo's persistedQuery extension with a bare sha256", async () => {
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(PAGES) } };
    expect((await gw.post({ extensions, variables: { id: 'crawl-demo-1' } })).body).toEqual(PAGES_DATA);
  });

  it('always accepts the dashboard’s own documents', async () => {
    const { body } = await gw.post({ documentId: LOOK_UP_ID, variables: { ids: [KADOA] } });
    expect(body.data).toMatchObject({ sessions: [{ id: KADOA, crawledPages: 0 }] });
  });

  it.each([
    ['an operation outside the manifest', { query: ARBITRARY }],
    ['the text of a manifest operation instead of its id', { query: PAGES, variables: { id: 'crawl-demo-1' } }],
  ])('refuses %s with 400 PERSISTED_QUERY_ONLY, calling nothing upstream', async (_name, body) => {
    const response = await gw.post(body);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_ONLY' } })]);
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('refuses an id the manifest does not have', async () => {
    const response = await gw.post({ documentId: `sha256:${sha256(ARBITRARY)}` });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ message: 'No persisted document has this id', extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } }]);
  });

  it('streams a manifest subscription over SSE by documentId, to the session’s end', async () => {
    const response = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ documentId: `sha256:${sha256(WATCH)}`, variables: { id: KADOA } }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!/event: next\ndata: .*\n\n/.test(text)) text += (await reader.read()).value ?? '';
    // The crawl ends upstream rather than the client hanging up: a poll cut off mid-flight can still
    // be answered, and logged by the sandbox, after afterEach's reset, where the next test counts it.
    gw.sandbox.tick(100);
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += chunk.value;
    const events = [...text.matchAll(/event: next\ndata: (.*)\n/g)].map((match) => JSON.parse(match[1]!));
    expect(events).toEqual([{ data: { sessionUpdated: { state: 'PROCESSING' } } }, { data: { sessionUpdated: { state: 'COMPLETED' } } }]);
    expect(text).toMatch(/event: complete\n/);
  });

  describe('over WebSocket, which skips the HTTP params stage', () => {
    it('refuses an operation outside the manifest, calling nothing upstream', async () => {
      const result = await firstWsResult(gw, { query: `subscription { sessionUpdated(id: "${KADOA}") { state } }` });
      expect(result).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_ONLY' } })] });
      expect(gw.sandbox.requests).toHaveLength(0);
    });

    it('runs a manifest operation named by id with an empty query, or sent as its exact text', async () => {
      const byId = await firstWsResult(gw, { query: '', variables: { id: KADOA }, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(WATCH) } } });
      const byText = await firstWsResult(gw, { query: WATCH, variables: { id: KADOA } });
      expect(byId).toEqual({ data: { sessionUpdated: { state: 'PROCESSING' } } });
      expect(byText).toEqual(byId);
    });

    it('refuses an unknown id', async () => {
      const result = await firstWsResult(gw, { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: sha256(ARBITRARY) } } });
      expect(result).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } })] });
    });
  });

  it('does not serve GraphiQL, which could run nothing here', async () => {
    const response = await fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await response.text()).not.toMatch(/graphiql/i);
  });
});

describe('the default mode (no TRUSTED_DOCUMENTS)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw.close());

  it('runs any operation, and the dashboard’s documents by id, over POST and GET', async () => {
    expect((await gw.post({ query: ARBITRARY })).body).toEqual({ data: { kadoaCrawlSession: { crawledPages: 0 } } });
    const variables = { ids: [KADOA] };
    expect((await gw.post({ documentId: LOOK_UP_ID, variables })).body.data).toMatchObject({ sessions: [{ id: KADOA, crawledPages: 0 }] });
    const search = new URLSearchParams({ documentId: LOOK_UP_ID, variables: JSON.stringify(variables) });
    // CSRF prevention (docs/security.md) asks a GET for a header no plain link or form can send.
    const viaGet = await fetch(`${gw.url}/graphql?${search}`, { headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' } });
    expect(((await viaGet.json()) as { data: unknown }).data).toMatchObject({ sessions: [{ id: KADOA, crawledPages: 0 }] });
  });

  it('refuses ids it does not know, since nothing registers documents at run time', async () => {
    expect((await gw.post({ documentId: `sha256:${sha256(PAGES)}`, variables: { id: 'crawl-demo-1' } })).body.errors?.[0]?.extensions).toEqual({
      code: 'PERSISTED_QUERY_NOT_IN_LIST',
    });
  });

  it('still serves GraphiQL', async () => {
    const response = await fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toMatch(/graphiql/i);
  });
});
