import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEEPSET_OPEN_SESSION_LIMIT } from '../../src/sandbox/demo-sessions.js';
import { subscribe, type SubscriptionStream } from '../support/subscription-clients.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
const open: SubscriptionStream<any>[] = [];
beforeAll(async () => {
  gw = await startTestGateway({ POLL_INTERVAL_MS: '100', POLL_MAX_INTERVAL_MS: '100' });
});
afterAll(() => gw.close());
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await vi.waitFor(() => expect(gw.hub.stats()).toMatchObject({ activePollers: 0, activeSubscriptions: 0 }));
  gw.sandbox.reset();
});

const RESULT = `__typename
  ... on Error { code message provider }
  ... on CreateSessionSuccess { session { id sessionId state ... on DeepsetUploadSession { workspace status writeMode } } }`;

const CREATE_DEEPSET = `mutation ($input: CreateDeepsetUploadSessionInput!) { createDeepsetUploadSession(input: $input) { ${RESULT} } }`;
const CREATE_PARADIGM = `mutation ($input: CreateParadigmUploadSessionInput) { createParadigmUploadSession(input: $input) { ${RESULT} } }`;
const START_KADOA = `mutation ($input: StartKadoaCrawlInput!) { startKadoaCrawl(input: $input) { ${RESULT} } }`;
const PAUSE = `mutation ($id: ID!) { pauseSession(id: $id) { __typename ... on Error { code provider } ... on PauseSessionSuccess { session { state providerStatus } } } }`;
const RESUME = `mutation ($id: ID!) { resumeSession(id: $id) { __typename ... on Error { code provider } ... on ResumeSessionSuccess { session { state providerStatus } } } }`;
const WATCH = 'subscription ($id: ID!) { sessionUpdated(id: $id) { id state } }';

const createdDeepset = (n: number) => `d1000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('createDeepsetUploadSession', () => {
  it('opens a session, returns it read back, and it can be watched at once', async () => {
    const result = await gw.query<any>(CREATE_DEEPSET, { input: { workspace: 'demo', writeMode: 'OVERWRITE', expiresInSeconds: 600 } });
    const id = gid({ provider: 'DEEPSET', workspace: 'demo', sessionId: createdDeepset(1) });
    expect(result).toEqual({
      data: {
        createDeepsetUploadSession: {
          __typename: 'CreateSessionSuccess',
          session: { id, sessionId: createdDeepset(1), state: 'OPEN', workspace: 'demo', status: 'OPEN', writeMode: 'OVERWRITE' },
        },
      },
    });
    expect(gw.sandbox.requestCount('DEEPSET', { method: 'POST' })).toBe(1);
    const stream = await subscribe<any>('sse', gw.url, WATCH, { id });
    open.push(stream);
    expect(await stream.next()).toEqual({ data: { sessionUpdated: { id, state: 'OPEN' } } });
  });

  it('sends what the client chose, and the contract defaults otherwise', async () => {
    await gw.query(CREATE_DEEPSET, { input: { workspace: 'demo' } });
    await gw.query(CREATE_DEEPSET, { input: { workspace: 'demo', writeMode: 'FAIL', expiresInSeconds: 60, parallelProcessing: true } });
    expect(gw.sandbox.requestCount('DEEPSET', { method: 'POST' })).toBe(2);
    const sessions = await gw.query<any>('query { deepsetUploadSessions(workspace: "demo", first: 2) { edges { node { sessionId writeMode } } } }');
    expect(sessions.data.deepsetUploadSessions.edges.map((e: any) => e.node)).toEqual([
      { sessionId: createdDeepset(2), writeMode: 'FAIL' },
      { sessionId: createdDeepset(1), writeMode: 'KEEP' },
    ]);
  });

  it('a duplicate submit opens a second session; the eleventh open one is OPEN_SESSION_LIMIT, and nothing is retried', async () => {
    const codes: string[] = [];
    // The demo workspace already holds one open session.
    for (let n = 0; n < DEEPSET_OPEN_SESSION_LIMIT; n += 1) {
      const result = await gw.query<any>(CREATE_DEEPSET, { input: { workspace: 'demo' } });
      codes.push(result.data.createDeepsetUploadSession.code ?? 'OK');
    }
    expect(codes).toEqual([...Array<string>(DEEPSET_OPEN_SESSION_LIMIT - 1).fill('OK'), 'OPEN_SESSION_LIMIT']);
    const limited = await gw.query<any>(CREATE_DEEPSET, { input: { workspace: 'demo' } });
    expect(limited.data.createDeepsetUploadSession).toEqual({
      __typename: 'OpenSessionLimitError',
      code: 'OPEN_SESSION_LIMIT',
      message: 'deepset Cloud refused: the user already has the most open upload sessions allowed (10)',
      provider: 'DEEPSET',
    });
    expect(gw.sandbox.requestCount('DEEPSET', { method: 'POST' })).toBe(DEEPSET_OPEN_SESSION_LIMIT + 1);
  });

  it('is PLAN_REQUIRED for a workspace on a free plan (402)', async () => {
    const result = await gw.query<any>(CREATE_DEEPSET, { input: { workspace: 'free-plan' } });
    expect(result.data.createDeepsetUploadSession).toMatchObject({ __typename: 'PlanRequiredError', code: 'PLAN_REQUIRED', provider: 'DEEPSET' });
  });

  it.each([
    [404, 'NOT_FOUND', 'NotFoundError'],
    [401, 'UNAUTHENTICATED', 'UpstreamFailureError'],
    [422, 'INVALID_INPUT', 'InvalidInputError'],
    [500, 'UPSTREAM_UNAVAILABLE', 'UpstreamFailureError'],
    [402, 'PLAN_REQUIRED', 'PlanRequiredError'],
    [406, 'OPEN_SESSION_LIMIT', 'OpenSessionLimitError'],
  ])('an upstream %i is %s, sent once', async (status, code, typename) => {
    gw.sandbox.faults.set('DEEPSET', { kind: 'status', status });
    const result = await gw.query<any>(CREATE_DEEPSET, { input: { workspace: 'demo' } });
    expect(result.data.createDeepsetUploadSession).toMatchObject({ __typename: typename, code });
    expect(gw.sandbox.requestCount('DEEPSET', { method: 'POST' })).toBe(1);
  });

  it.each([
    ['a workspace that is no name', { workspace: 'a/b' }],
    ['expiresInSeconds of 0', { workspace: 'demo', expiresInSeconds: 0 }],
    ['expiresInSeconds over a day', { workspace: 'demo', expiresInSeconds: 86_401 }],
  ])('refuses %s with INVALID_INPUT before any upstream call', async (_name, input) => {
    const result = await gw.query<any>(CREATE_DEEPSET, { input });
    expect(result.data.createDeepsetUploadSession).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT' });
    expect(gw.sandbox.requestCount('DEEPSET')).toBe(0);
  });
});

describe('createParadigmUploadSession', () => {
  it('creates a session from its answer alone, and it can be read and watched at once', async () => {
    const result = await gw.query<any>(CREATE_PARADIGM, { input: { ingestionPipeline: 'v2.1' } });
    const sessionId = 'a1000000-0000-4000-8000-000000000001';
    const id = gid({ provider: 'PARADIGM', sessionId });
    expect(result).toEqual({ data: { createParadigmUploadSession: { __typename: 'CreateSessionSuccess', session: { id, sessionId, state: 'OPEN' } } } });
    expect(gw.sandbox.requestCount('PARADIGM')).toBe(1);
    const stream = await subscribe<any>('sse', gw.url, WATCH, { id });
    open.push(stream);
    expect(await stream.next()).toEqual({ data: { sessionUpdated: { id, state: 'OPEN' } } });
  });

  it('a duplicate submit creates a second session', async () => {
    await gw.query(CREATE_PARADIGM, {});
    const second = await gw.query<any>(CREATE_PARADIGM, {});
    expect(second.data.createParadigmUploadSession.session.sessionId).toBe('a1000000-0000-4000-8000-000000000002');
  });

  it('refuses an undocumented pipeline before any upstream call', async () => {
    const result = await gw.query<any>(CREATE_PARADIGM, { input: { ingestionPipeline: 'v9' } });
    expect(result.data.createParadigmUploadSession).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', provider: 'PARADIGM' });
    expect(gw.sandbox.requestCount('PARADIGM')).toBe(0);
  });

  it.each([
    [400, 'INVALID_INPUT'],
    [401, 'UNAUTHENTICATED'],
    [500, 'UPSTREAM_UNAVAILABLE'],
  ])('an upstream %i is %s, sent once', async (status, code) => {
    gw.sandbox.faults.set('PARADIGM', { kind: 'status', status });
    const result = await gw.query<any>(CREATE_PARADIGM, {});
    expect(result.data.createParadigmUploadSession.code).toBe(code);
    expect(gw.sandbox.requestCount('PARADIGM')).toBe(1);
  });
});

describe('startKadoaCrawl', () => {
  it('starts a crawl, returns it read back, and it can be watched at once', async () => {
    const result = await gw.query<any>(START_KADOA, { input: { startUrls: ['https://example.org/docs'], maxPages: 3, maxDepth: 2, pathsFilterIn: ['^/docs'] } });
    const id = gid({ provider: 'KADOA', sessionId: 'crawl-1' });
    expect(result).toEqual({ data: { startKadoaCrawl: { __typename: 'CreateSessionSuccess', session: { id, sessionId: 'crawl-1', state: 'PROCESSING' } } } });
    expect(gw.sandbox.requestCount('KADOA', { method: 'POST' })).toBe(1);
    const stream = await subscribe<any>('sse', gw.url, WATCH, { id });
    open.push(stream);
    expect(await stream.next()).toEqual({ data: { sessionUpdated: { id, state: 'PROCESSING' } } });
    const pages = await gw.query<any>('query { kadoaCrawlSession(sessionId: "crawl-1") { pages { totalCount } } }');
    expect(pages.data.kadoaCrawlSession.pages.totalCount).toBe(3);
  });

  it('a duplicate submit starts a second crawl', async () => {
    const input = { startUrls: ['https://example.org'] };
    await gw.query(START_KADOA, { input });
    const second = await gw.query<any>(START_KADOA, { input });
    expect(second.data.startKadoaCrawl.session.sessionId).toBe('crawl-2');
  });

  it.each([
    ['no start URL', { startUrls: [] }],
    ['a start URL that is not http(s)', { startUrls: ['ftp://example.org'] }],
    ['maxPages of 0', { startUrls: ['https://example.org'], maxPages: 0 }],
    ['maxDepth of 0', { startUrls: ['https://example.org'], maxDepth: 0 }],
    ['an empty path filter', { startUrls: ['https://example.org'], pathsFilterOut: [''] }],
  ])('refuses %s with INVALID_INPUT before any upstream call', async (_name, input) => {
    const result = await gw.query<any>(START_KADOA, { input });
    expect(result.data.startKadoaCrawl).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', provider: 'KADOA' });
    expect(gw.sandbox.requestCount('KADOA')).toBe(0);
  });

  it.each([
    [400, 'INVALID_INPUT'],
    [401, 'UNAUTHENTICATED'],
    [404, 'NOT_FOUND'],
    [500, 'UPSTREAM_UNAVAILABLE'],
  ])('an upstream %i is %s, sent once', async (status, code) => {
    gw.sandbox.faults.set('KADOA', { kind: 'status', status });
    const result = await gw.query<any>(START_KADOA, { input: { startUrls: ['https://example.org'] } });
    expect(result.data.startKadoaCrawl.code).toBe(code);
    expect(gw.sandbox.requestCount('KADOA')).toBe(1);
  });
});

describe('pauseSession and resumeSession', () => {
  it('pauses and resumes a Kadoa crawl; progress stands still while paused', async () => {
    const id = gid(DEMO.kadoaCrawling);
    gw.sandbox.tick();
    expect((await gw.query<any>(PAUSE, { id })).data.pauseSession).toEqual({ __typename: 'PauseSessionSuccess', session: { state: 'PROCESSING', providerStatus: 'paused' } });
    gw.sandbox.tick(3);
    const paused = await gw.query<any>('query ($id: ID!) { session(id: $id) { ... on KadoaCrawlSession { crawledPages } } }', { id });
    expect(paused.data.session.crawledPages).toBe(1);
    expect((await gw.query<any>(RESUME, { id })).data.resumeSession).toEqual({ __typename: 'ResumeSessionSuccess', session: { state: 'PROCESSING', providerStatus: 'crawling' } });
  });

  it('a second pause is refused by Kadoa (400) as INVALID_INPUT, sent once', async () => {
    const id = gid(DEMO.kadoaCrawling);
    await gw.query(PAUSE, { id });
    const again = await gw.query<any>(PAUSE, { id });
    expect(again.data.pauseSession).toEqual({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', provider: 'KADOA' });
    expect(gw.sandbox.requestCount('KADOA', { method: 'POST', pathIncludes: '/pause' })).toBe(2);
  });

  it('pauses a Ping VPN session (PATCH) without ending it: the watcher keeps watching, nothing is cached as terminal, and a resume shows it ACTIVE', async () => {
    const id = gid(DEMO.pingMoving);
    const read = 'query ($id: ID!) { session(id: $id) { state isTerminal } }';
    gw.sandbox.tick();
    const stream = await subscribe<any>('sse', gw.url, 'subscription ($id: ID!) { sessionUpdated(id: $id) { state isTerminal providerStatus } }', { id });
    open.push(stream);
    expect(await stream.next()).toEqual({ data: { sessionUpdated: { state: 'ACTIVE', isTerminal: false, providerStatus: 'connected' } } });
    const cachedBefore = gw.caches.stats().terminalEntries;

    expect((await gw.query<any>(PAUSE, { id })).data.pauseSession).toEqual({ __typename: 'PauseSessionSuccess', session: { state: 'INACTIVE', providerStatus: 'disconnected' } });
    expect(await stream.next()).toEqual({ data: { sessionUpdated: { state: 'INACTIVE', isTerminal: false, providerStatus: 'disconnected' } } });
    expect((await gw.query<any>(read, { id })).data.session).toEqual({ state: 'INACTIVE', isTerminal: false });
    expect(gw.caches.stats().terminalEntries).toBe(cachedBefore);
    expect(gw.hub.stats()).toMatchObject({ activePollers: 1, activeSubscriptions: 1 });

    expect((await gw.query<any>(RESUME, { id })).data.resumeSession).toEqual({ __typename: 'ResumeSessionSuccess', session: { state: 'ACTIVE', providerStatus: 'connected' } });
    expect(await stream.next()).toEqual({ data: { sessionUpdated: { state: 'ACTIVE', isTerminal: false, providerStatus: 'connected' } } });
    expect((await gw.query<any>(read, { id })).data.session).toEqual({ state: 'ACTIVE', isTerminal: false });
    expect(gw.sandbox.requestCount('PING', { method: 'PATCH' })).toBe(2);
  });

  it('reads a disconnected Ping session from Ping each time: it is INACTIVE, never held as terminal', async () => {
    const read = () => gw.query<any>('query ($id: ID!) { session(id: $id) { state isTerminal } }', { id: gid(DEMO.pingDisconnected) });
    expect((await read()).data.session).toEqual({ state: 'INACTIVE', isTerminal: false });
    expect((await read()).data.session).toEqual({ state: 'INACTIVE', isTerminal: false });
    expect(gw.sandbox.requestCount('PING', { pathIncludes: '/sessions/vpn-demo-2/status' })).toBe(2);
  });

  it.each([
    [DEMO.pingDisconnected, 'pause', 'INVALID_INPUT', 'InvalidInputError'],
    [DEMO.pingMoving, 'resume', 'INVALID_INPUT', 'InvalidInputError'],
    [DEMO.kadoaCrawling, 'resume', 'INVALID_INPUT', 'InvalidInputError'],
    [{ provider: 'PING', sessionId: 'vpn-nope' }, 'pause', 'NOT_FOUND', 'NotFoundError'],
    [{ provider: 'PING', sessionId: 'vpn-nope' }, 'resume', 'NOT_FOUND', 'NotFoundError'],
    [{ provider: 'KADOA', sessionId: 'crawl-nope' }, 'pause', 'NOT_FOUND', 'NotFoundError'],
    [{ provider: 'KADOA', sessionId: 'crawl-nope' }, 'resume', 'NOT_FOUND', 'NotFoundError'],
    [DEMO.deepsetOpen, 'pause', 'PAUSE_NOT_SUPPORTED', 'PauseNotSupportedError'],
    [DEMO.paradigmMoving, 'resume', 'PAUSE_NOT_SUPPORTED', 'PauseNotSupportedError'],
  ] as const)('%o %s is %s', async (ref, command, code, typename) => {
    const result = await gw.query<any>(command === 'pause' ? PAUSE : RESUME, { id: gid(ref) });
    expect(result.data[`${command}Session`]).toEqual({ __typename: typename, code, provider: ref.provider });
  });

  it('nothing is sent for a provider without pause, nor for a malformed id', async () => {
    await gw.query(PAUSE, { id: gid(DEMO.deepsetOpen) });
    const malformed = await gw.query<any>(PAUSE, { id: 'not-an-id' });
    expect(malformed.data.pauseSession).toEqual({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', provider: null });
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it.each(
    (['pause', 'resume'] as const).flatMap((command) =>
      ([DEMO.pingMoving, DEMO.kadoaCrawling] as const).flatMap((ref) =>
        ([[401, 'UNAUTHENTICATED'], [500, 'UPSTREAM_UNAVAILABLE']] as const).map(([status, code]) => [ref.provider, command, status, code, ref] as const),
      ),
    ),
  )('%s %s answered %i is %s and is not retried', async (provider, command, status, code, ref) => {
    gw.sandbox.faults.set(provider, { kind: 'status', status });
    const result = await gw.query<any>(command === 'pause' ? PAUSE : RESUME, { id: gid(ref) });
    expect(result.data[`${command}Session`]).toEqual({ __typename: 'UpstreamFailureError', code, provider });
    expect(gw.sandbox.requestCount(provider)).toBe(1);
  });
});
