import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeCursor, MAX_FIRST, type CursorKind } from '../../src/schema/connection.js';
import { DEMO_SESSION_IDS } from '../../src/sandbox/demo-sessions.js';
import { gid, startTestGateway, upstreamJson, type GraphQLResponse, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  // This suite counts provider calls per request; the terminal cache would answer crawl-demo-2 (FAILED) from an earlier test.
  gw = await startTestGateway({ TERMINAL_CACHE_TTL_MS: '0' });
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

interface Connection<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

const DEEPSET_LIST = `query ($workspace: String!, $first: Int, $after: String, $isExpired: Boolean) {
  deepsetUploadSessions(workspace: $workspace, first: $first, after: $after, isExpired: $isExpired) {
    edges { cursor node { sessionId } } pageInfo { hasNextPage endCursor } totalCount
  }
}`;

const KADOA_LIST = `query ($first: Int, $after: String) {
  kadoaCrawlSessions(first: $first, after: $after) { edges { cursor node { sessionId } } pageInfo { hasNextPage endCursor } totalCount }
}`;

async function createDeepset(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const result = await gw.query<any>('mutation { createDeepsetUploadSession(input: { workspace: "demo" }) { ... on CreateSessionSuccess { session { sessionId } } } }');
    ids.push(result.data.createDeepsetUploadSession.session.sessionId);
  }
  return ids;
}

async function startCrawls(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const result = await gw.query<any>('mutation { startKadoaCrawl(input: { startUrls: ["https://example.org"] }) { ... on CreateSessionSuccess { session { sessionId } } } }');
    ids.push(result.data.startKadoaCrawl.session.sessionId);
  }
  return ids;
}

/** The ids in the upstream's own order (newest first), read straight from the sandbox. */
async function upstreamOrder(provider: 'DEEPSET' | 'KADOA'): Promise<string[]> {
  const key = gw.sandbox.keys[provider];
  const [path, headers] =
    provider === 'DEEPSET'
      ? ['/api/v1/workspaces/demo/upload_sessions?limit=100', { authorization: `Bearer ${key}` }]
      : ['/v4/crawl/sessions?pageSize=100', { 'x-api-key': key }];
  const body = (await (await fetch(`${gw.sandbox.urls[provider]}${path}`, { headers })).json()) as { data: Record<string, string>[] };
  return body.data.map((item) => item.session_id ?? item.sessionId!);
}

/** Follows endCursor until hasNextPage is false; returns every page's node ids. */
async function walk(query: string, field: string, variables: Record<string, unknown>): Promise<{ pages: string[][]; totals: number[] }> {
  const pages: string[][] = [];
  const totals: number[] = [];
  let after: string | null = null;
  for (;;) {
    const result: GraphQLResponse<Record<string, Connection<{ sessionId: string }>>> = await gw.query(query, { ...variables, after });
    expect(result.errors).toBeUndefined();
    const connection: Connection<{ sessionId: string }> = result.data![field]!;
    pages.push(connection.edges.map((edge) => edge.node.sessionId));
    totals.push(connection.totalCount);
    if (!connection.pageInfo.hasNextPage) return { pages, totals };
    after = connection.pageInfo.endCursor;
  }
}

describe('deepsetUploadSessions', () => {
  it('walks across page boundaries to the last page, newest first, each page one upstream call', async () => {
    const created = await createDeepset(4);
    const all = await upstreamOrder('DEEPSET');
    expect(all.slice(0, 4)).toEqual(created.reverse());
    const requestsBefore = gw.sandbox.requestCount('DEEPSET', { method: 'GET' });
    const { pages, totals } = await walk(DEEPSET_LIST, 'deepsetUploadSessions', { workspace: 'demo', first: 3 });
    const expected = [all.slice(0, 3), all.slice(3, 6), all.slice(6)];
    expect({ pages, totals }).toEqual({ pages: expected, totals: expected.map(() => all.length) });
    expect(gw.sandbox.requestCount('DEEPSET', { method: 'GET' }) - requestsBefore).toBe(pages.length);
  });

  it('serves a window that straddles two provider pages from exactly those two', async () => {
    await createDeepset(4);
    const all = await upstreamOrder('DEEPSET');
    const before = gw.sandbox.requestCount('DEEPSET', { method: 'GET' });
    const result = await gw.query<any>(DEEPSET_LIST, { workspace: 'demo', first: 3, after: encodeCursor('DeepsetUploadSession', 2) });
    expect(result.data.deepsetUploadSessions.edges.map((edge: any) => edge.node.sessionId)).toEqual(all.slice(2, 5));
    expect(result.data.deepsetUploadSessions.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor('DeepsetUploadSession', 5) });
    expect(gw.sandbox.requestCount('DEEPSET', { method: 'GET' }) - before).toBe(2);
  });

  it('lists nothing for a workspace without sessions, and filters on isExpired', async () => {
    const empty = await gw.query<any>(DEEPSET_LIST, { workspace: 'elsewhere' });
    expect(empty).toEqual({ data: { deepsetUploadSessions: { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 } } });
    const expired = await gw.query<any>(DEEPSET_LIST, { workspace: 'demo', isExpired: true });
    const listed = await gw.query<any>('query { deepsetUploadSessions(workspace: "demo") { edges { node { sessionId status } } } }');
    const expiredIds = listed.data.deepsetUploadSessions.edges.filter((e: any) => e.node.status === 'EXPIRED').map((e: any) => e.node.sessionId);
    expect(expiredIds.length).toBeGreaterThan(0);
    expect(expired.data.deepsetUploadSessions.edges.map((e: any) => e.node.sessionId)).toEqual(expiredIds);
  });

  it("exposes the list's own fields, and reads the single session once for the fields the list lacks, however many ask", async () => {
    const query = `query {
      deepsetUploadSessions(workspace: "demo", first: 1) {
        edges { node { id createdAt createdBy { userId givenName familyName } ingestionStatus { finishedFiles } documentationUrl } }
      }
      again: deepsetUploadSessions(workspace: "demo", first: 1) { edges { node { ingestionStatus { failedFiles } } } }
    }`;
    const [first] = await upstreamOrder('DEEPSET');
    const single = (await upstreamJson(gw.sandbox, { provider: 'DEEPSET', workspace: 'demo', sessionId: first! })) as { ingestion_status: { finished_files: number } };
    gw.sandbox.reset();
    const result = await gw.query<any>(query);
    expect(result.errors).toBeUndefined();
    expect(result.data.deepsetUploadSessions.edges[0].node).toEqual({
      id: gid({ provider: 'DEEPSET', workspace: 'demo', sessionId: first! }),
      createdAt: expect.stringMatching(/^\d{4}-/),
      createdBy: { userId: 'e0000000-0000-4000-8000-000000000001', givenName: 'Sandy', familyName: 'Box' },
      ingestionStatus: { finishedFiles: single.ingestion_status.finished_files },
      documentationUrl: 'https://docs.cloud.deepset.ai/docs/upload-files',
    });
    expect(gw.sandbox.requestCount('DEEPSET', { pathIncludes: `/upload_sessions/${first}` })).toBe(1);
    expect(gw.sandbox.requestCount('DEEPSET', { method: 'GET' })).toBe(3);
  });

  it('reads no single session when only list fields are selected', async () => {
    await gw.query('query { deepsetUploadSessions(workspace: "demo") { edges { node { id status createdAt expiresAt writeMode } } } }');
    expect(gw.sandbox.requestCount('DEEPSET')).toBe(1);
  });
});

describe('kadoaCrawlSessions', () => {
  it('walks every crawl across page boundaries, the last page short', async () => {
    const created = await startCrawls(3);
    const all = await upstreamOrder('KADOA');
    expect(all.slice(0, 3)).toEqual(created.reverse());
    const { pages, totals } = await walk(KADOA_LIST, 'kadoaCrawlSessions', { first: 2 });
    const expected = [all.slice(0, 2), all.slice(2, 4), all.slice(4)];
    expect({ pages, totals }).toEqual({ pages: expected, totals: expected.map(() => all.length) });
  });

  it('reads each listed node once through the loader, and nothing more for cursors alone', async () => {
    await gw.query('query { kadoaCrawlSessions { edges { cursor } totalCount } }');
    expect(gw.sandbox.requestCount('KADOA')).toBe(1);
    gw.sandbox.reset();
    const result = await gw.query<any>(`query ($id: ID!) {
      kadoaCrawlSessions { edges { node { sessionId state configId domain startUrls userId createdAt } } }
      session(id: $id) { state }
    }`, { id: gid({ provider: 'KADOA', sessionId: 'crawl-demo-1' }) });
    expect(result.errors).toBeUndefined();
    const nodes = new Map(result.data.kadoaCrawlSessions.edges.map((e: any) => [e.node.sessionId, e.node]));
    expect(Object.fromEntries(nodes)).toEqual({
      'crawl-demo-1': { sessionId: 'crawl-demo-1', state: 'PROCESSING', configId: 'config-demo-1', domain: 'example.com', startUrls: ['https://example.com'], userId: 'sandbox-user', createdAt: expect.any(String) },
      'crawl-demo-2': { sessionId: 'crawl-demo-2', state: 'FAILED', configId: 'config-demo-2', domain: 'example.com', startUrls: ['https://example.com/blog'], userId: 'sandbox-user', createdAt: expect.any(String) },
    });
    expect(gw.sandbox.requestCount('KADOA', { pathIncludes: '/status' })).toBe(DEMO_SESSION_IDS.KADOA.length);
  });
});

describe('KadoaCrawlSession.pages', () => {
  const PAGES = `query ($sessionId: String!, $first: Int, $after: String) {
    kadoaCrawlSession(sessionId: $sessionId) { pages(first: $first, after: $after) { edges { cursor node { id url status } } pageInfo { hasNextPage endCursor } totalCount } }
  }`;

  it('walks the pages of a crawl to the last one, with their status', async () => {
    gw.sandbox.tick(2);
    const seen: { id: string; url: string; status: string }[] = [];
    let after: string | null = null;
    let calls = 0;
    for (;;) {
      const result: GraphQLResponse<any> = await gw.query(PAGES, { sessionId: 'crawl-demo-1', first: 3, after });
      calls += 1;
      const connection: Connection<{ id: string; url: string; status: string }> = result.data.kadoaCrawlSession.pages;
      expect(connection.totalCount).toBe(8);
      seen.push(...connection.edges.map((e) => e.node));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(calls).toBe(3);
    expect(seen.map((p) => p.id)).toEqual(Array.from({ length: 8 }, (_, i) => `crawl-demo-1-page-${i + 1}`));
    expect(seen.map((p) => p.status)).toEqual(['DONE', 'DONE', 'CRAWLING', 'PENDING', 'PENDING', 'PENDING', 'PENDING', 'PENDING']);
    expect(seen[0]!.url).toBe('https://example.com');
  });

  it('answers an empty connection past the last page', async () => {
    const result = await gw.query<any>(PAGES, { sessionId: 'crawl-demo-1', first: 4, after: encodeCursor('KadoaCrawlPage', 8) });
    expect(result.data.kadoaCrawlSession.pages).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 8 });
  });
});

describe('bounds and cursors', () => {
  const PAGES_OF_CRAWL = `query ($first: Int, $after: String) {
    kadoaCrawlSession(sessionId: "crawl-demo-1") { pages(first: $first, after: $after) { totalCount } }
  }`;
  /** `own` names the list the cursor is for, `other` another list. */
  const refusals = (own: CursorKind, other: CursorKind) => [
    ['a cursor of another list', { after: encodeCursor(other, 2) }],
    ['not a cursor', { after: 'bm90IGEgY3Vyc29y' }],
    ['a negative offset', { after: Buffer.from(`${own}:-1`).toString('base64url') }],
    [`first over ${MAX_FIRST}`, { first: MAX_FIRST + 1 }],
    ['first of 0', { first: 0 }],
  ] as const;

  it.each(refusals('DeepsetUploadSession', 'KadoaCrawlSession'))('deepsetUploadSessions: refuses %s with INVALID_INPUT before any upstream call', async (_name, variables) => {
    const result = await gw.query(DEEPSET_LIST, { workspace: 'demo', ...variables });
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['INVALID_INPUT']);
    expect(gw.sandbox.requestCount('DEEPSET')).toBe(0);
  });

  it.each(refusals('KadoaCrawlSession', 'KadoaCrawlPage'))('kadoaCrawlSessions: refuses %s with INVALID_INPUT before any upstream call', async (_name, variables) => {
    const result = await gw.query(KADOA_LIST, variables);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['INVALID_INPUT']);
    expect(gw.sandbox.requestCount('KADOA')).toBe(0);
  });

  it.each(refusals('KadoaCrawlPage', 'KadoaCrawlSession'))('KadoaCrawlSession.pages: refuses %s with INVALID_INPUT before any call for pages', async (_name, variables) => {
    const result = await gw.query(PAGES_OF_CRAWL, variables);
    expect(result.errors?.map((e) => ({ code: e.extensions?.code, path: e.path }))).toEqual([{ code: 'INVALID_INPUT', path: ['kadoaCrawlSession', 'pages'] }]);
    expect(gw.sandbox.requestCount('KADOA', { pathIncludes: '/pages' })).toBe(0);
  });

  it('refuses a workspace name that could not be a path segment', async () => {
    const result = await gw.query(DEEPSET_LIST, { workspace: '../admin' });
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['INVALID_INPUT']);
    expect(gw.sandbox.requestCount('DEEPSET')).toBe(0);
  });

  it('accepts first = MAX_FIRST and passes it on as the page size', async () => {
    const result = await gw.query(KADOA_LIST, { first: MAX_FIRST });
    expect(result.errors).toBeUndefined();
    expect(gw.sandbox.requestCount('KADOA', { pathIncludes: `pageSize=${MAX_FIRST}` })).toBe(1);
  });
});

describe('upstream errors of the lists', () => {
  it.each([
    ['DEEPSET', 401, 'UNAUTHENTICATED', DEEPSET_LIST, { workspace: 'demo' }],
    ['DEEPSET', 422, 'INVALID_INPUT', DEEPSET_LIST, { workspace: 'demo' }],
    ['DEEPSET', 500, 'UPSTREAM_UNAVAILABLE', DEEPSET_LIST, { workspace: 'demo' }],
    ['KADOA', 400, 'INVALID_INPUT', KADOA_LIST, {}],
    ['KADOA', 401, 'UNAUTHENTICATED', KADOA_LIST, {}],
    ['KADOA', 500, 'UPSTREAM_UNAVAILABLE', KADOA_LIST, {}],
  ] as const)('%s %i is %s', async (provider, status, code, query, variables) => {
    gw.sandbox.faults.set(provider, { kind: 'status', status });
    const result = await gw.query(query, variables);
    expect(result.errors?.map((e) => ({ code: e.extensions?.code, upstreamStatus: e.extensions?.upstreamStatus }))).toEqual([{ code, upstreamStatus: status }]);
  });

  it('a list, unlike a create, is retried after a 5xx', async () => {
    gw.sandbox.faults.set('KADOA', { kind: 'status', status: 503 }, { times: 1 });
    const result = await gw.query(KADOA_LIST, { first: 1 });
    expect(result.errors).toBeUndefined();
    expect(gw.sandbox.requestCount('KADOA', { pathIncludes: '/v4/crawl/sessions' })).toBe(2);
  });

  it.each([
    [400, 'INVALID_INPUT'],
    [401, 'UNAUTHENTICATED'],
    [404, 'NOT_FOUND'],
    [500, 'UPSTREAM_UNAVAILABLE'],
  ] as const)('Kadoa %i on the pages of a crawl is %s, at the pages field', async (status, code) => {
    // Only the pages endpoint fails: a blanket fault would fail the crawl's own status read first.
    gw.sandbox.faults.set('KADOA', { kind: 'status', status }, { pathIncludes: '/pages' });
    const result = await gw.query('query { kadoaCrawlSession(sessionId: "crawl-demo-1") { sessionId state pages(first: 5) { totalCount } } }');
    expect(result.errors?.map((e) => ({ code: e.extensions?.code, upstreamStatus: e.extensions?.upstreamStatus, path: e.path }))).toEqual([
      { code, upstreamStatus: status, path: ['kadoaCrawlSession', 'pages'] },
    ]);
    expect(gw.sandbox.requestCount('KADOA', { pathIncludes: '/crawl-demo-1/pages' })).toBeGreaterThan(0);
  });

  it('a list that breaks its contract is UPSTREAM_BAD_RESPONSE', async () => {
    gw.sandbox.faults.set('DEEPSET', { kind: 'contractViolation' });
    const result = await gw.query(DEEPSET_LIST, { workspace: 'demo' });
    expect(result.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
  });
});
