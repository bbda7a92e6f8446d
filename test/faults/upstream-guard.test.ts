import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { subscribeSse } from '../support/subscription-clients.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const SESSION = 'query ($id: ID!) { session(id: $id) { id state } }';
const PING_AND_KADOA = 'query ($p: ID!, $k: ID!) { ping: session(id: $p) { state } kadoa: session(id: $k) { state } }';
const CLOSE = `mutation ($id: ID!) {
  closeSession(id: $id) {
    __typename
    ... on CloseSessionSuccess { session { ... on DeepsetUploadSession { status } } }
    ... on Error { code }
  }
}`;

function gatewayFor(env: Record<string, string>) {
  const holder: { gw: TestGateway } = {} as never;
  beforeAll(async () => {
    holder.gw = await startTestGateway(env);
  });
  afterAll(() => holder.gw.close());
  beforeEach(() => holder.gw.sandbox.reset());
  return holder;
}

describe('retries', () => {
  const env = gatewayFor({ UPSTREAM_RETRY_BASE_MS: '10' });

  it('retries a GET that failed transiently, and the client never sees the failure', async () => {
    const { gw } = env;
    gw.sandbox.faults.set('PING', { kind: 'status', status: 503 }, { times: 2 });
    expect(await gw.query(SESSION, { id: gid(DEMO.pingMoving) })).toEqual({ data: { session: { id: gid(DEMO.pingMoving), state: 'PENDING' } } });
    expect(gw.sandbox.requests.map((r) => [r.provider, r.method, r.status])).toEqual([
      ['PING', 'GET', 503],
      ['PING', 'GET', 503],
      ['PING', 'GET', 200],
    ]);
  });

  it('never retries an answer that will not change (404)', async () => {
    const { gw } = env;
    gw.sandbox.faults.set('PING', { kind: 'status', status: 404 });
    const result = await gw.query(SESSION, { id: gid(DEMO.pingMoving) });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(gw.sandbox.requestCount('PING')).toBe(1);
  });

  it('never retries the close PUT, even when its connection was reset', async () => {
    const { gw } = env;
    gw.sandbox.faults.set('DEEPSET', { kind: 'reset' }, { times: 1 });
    expect((await gw.query<any>(CLOSE, { id: gid(DEMO.deepsetOpen) })).data.closeSession).toEqual({ __typename: 'UpstreamFailureError', code: 'UPSTREAM_UNAVAILABLE' });
    expect(gw.sandbox.requestCount('DEEPSET', { method: 'PUT' })).toBe(1);
  });
});

describe('retry budget', () => {
  const env = gatewayFor({ UPSTREAM_RETRY_BASE_MS: '10', UPSTREAM_RETRY_BUDGET_BURST: '2', UPSTREAM_RETRY_BUDGET_PER_SECOND: '0' });

  it('stops retrying a provider once its budget is spent, and spends nothing of the others', async () => {
    const { gw } = env;
    gw.sandbox.faults.set('PING', { kind: 'status', status: 503 });
    for (let i = 0; i < 3; i += 1) await gw.query(SESSION, { id: gid(DEMO.pingMoving) });
    // Two retries in the bucket: 3 + 1 + 1 calls instead of 3 + 3 + 3.
    expect(gw.sandbox.requestCount('PING')).toBe(5);
    gw.sandbox.faults.set('KADOA', { kind: 'status', status: 503 }, { times: 2 });
    expect((await gw.query<any>(SESSION, { id: gid(DEMO.kadoaCrawling) })).data.session.state).toBe('PROCESSING');
    expect(gw.sandbox.requestCount('KADOA')).toBe(3);
  });
});

describe('circuit breaker', () => {
  // A gateway per test: breaker state is the thing under test and must not carry over.
  let gw: TestGateway;
  beforeEach(async () => {
    gw = await startTestGateway({ UPSTREAM_RETRIES: '0', BREAKER_MIN_CALLS: '4', BREAKER_FAILURE_RATE: '50', BREAKER_OPEN_MS: '200' });
  });
  afterEach(() => gw.close());
  const ids = { p: gid(DEMO.pingMoving), k: gid(DEMO.kadoaCrawling) };
  const pingErrorMessage = async () => (await gw.query(SESSION, { id: ids.p })).errors?.[0]?.message;
  const trip = async () => {
    gw.sandbox.faults.set('PING', { kind: 'status', status: 503 });
    for (let i = 0; i < 4; i += 1) {
      expect((await gw.query(SESSION, { id: ids.p })).errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstreamStatus: 503 });
    }
    expect(gw.sandbox.requestCount('PING')).toBe(4);
  };

  it('opens after enough failures: Ping fails fast without being called, the other providers are served', async () => {
    await trip();
    // Were Ping called now, it would hold the answer for a minute.
    gw.sandbox.faults.set('PING', { kind: 'delayHeaders', ms: 60_000 });
    const result = await gw.query<any>(PING_AND_KADOA, ids);
    expect(result.data).toEqual({ ping: null, kadoa: { state: 'PROCESSING' } });
    expect(result.errors).toEqual([
      {
        message: expect.stringContaining('circuit open'),
        locations: expect.any(Array),
        path: ['ping'],
        extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'PING' },
      },
    ]);
    expect(gw.sandbox.requestCount('PING')).toBe(4);
  });

  it('probes half-open after BREAKER_OPEN_MS and closes when the probe succeeds', async () => {
    await trip();
    gw.sandbox.faults.clear();
    expect(await pingErrorMessage()).toContain('circuit open');
    expect(gw.sandbox.requestCount('PING')).toBe(4);
    // The breaker's clock has no event to wait on; the first call that gets through is the probe.
    await vi.waitFor(async () => expect(await pingErrorMessage()).toBeUndefined(), { timeout: 5_000, interval: 50 });
    expect(gw.sandbox.requestCount('PING')).toBe(5);
    // Closed again: every call reaches Ping.
    await gw.query(SESSION, { id: ids.p });
    await gw.query(SESSION, { id: ids.p });
    expect(gw.sandbox.requestCount('PING')).toBe(7);
  });

  it('opens again when the half-open probe fails', async () => {
    await trip();
    await vi.waitFor(
      async () => {
        expect(await pingErrorMessage()).not.toContain('circuit open');
      },
      { timeout: 5_000, interval: 50 },
    );
    // That was the probe; it met the same 503, so the breaker is open again and refuses the next call.
    expect(gw.sandbox.requestCount('PING')).toBe(5);
    expect(await pingErrorMessage()).toContain('circuit open');
    expect(gw.sandbox.requestCount('PING')).toBe(5);
  });
});

describe('concurrency limit', () => {
  const env = gatewayFor({ UPSTREAM_CONNECTIONS: '1', UPSTREAM_MAX_QUEUED: '1', UPSTREAM_RETRIES: '0' });

  it('queues up to UPSTREAM_MAX_QUEUED calls per provider and refuses the rest at once, as the gateway\'s own RATE_LIMITED', async () => {
    const { gw } = env;
    gw.sandbox.faults.set('PING', { kind: 'delayHeaders', ms: 200 });
    const ids = [DEMO.pingMoving, DEMO.pingDisconnected, { provider: 'PING', sessionId: 'vpn-demo-3' } as const].map(gid);
    const result = await gw.query<any>('query ($ids: [ID!]!) { sessions(ids: $ids) { sessionId } kadoa: session(id: "' + gid(DEMO.kadoaCrawling) + '") { state } }', { ids });
    expect(result.data).toEqual({ sessions: [{ sessionId: 'vpn-demo-1' }, { sessionId: 'vpn-demo-2' }, null], kadoa: { state: 'PROCESSING' } });
    expect(result.errors).toEqual([expect.objectContaining({ path: ['sessions', 2], message: expect.stringContaining('Too many requests are waiting'), extensions: { code: 'RATE_LIMITED', provider: 'PING', retryAfterMs: 1000 } })]);
    expect(gw.sandbox.requestCount('PING')).toBe(2);
  });
});

describe('request deadline', () => {
  const env = gatewayFor({ REQUEST_DEADLINE_MS: '300', POLL_INTERVAL_MS: '100', POLL_MAX_INTERVAL_MS: '100' });
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('ends a query whose upstream outlives it with UPSTREAM_TIMEOUT, keeping the fields that made it in time', async () => {
    const { gw } = env;
    gw.sandbox.faults.set('PING', { kind: 'delayHeaders', ms: 5_000 });
    const result = await gw.query<any>(PING_AND_KADOA, { p: gid(DEMO.pingMoving), k: gid(DEMO.kadoaCrawling) });
    expect(result.data).toEqual({ ping: null, kadoa: { state: 'PROCESSING' } });
    expect(result.errors).toEqual([expect.objectContaining({ path: ['ping'], message: expect.stringContaining('request deadline'), extensions: { code: 'UPSTREAM_TIMEOUT', provider: 'PING' } })]);
    // The abandoned call was cut, not left to run out its 5 s.
    await vi.waitFor(() => expect(gw.sandbox.requestCount('PING')).toBe(1));
  });

  it('also ends the wait before a retry', async () => {
    const { gw } = env;
    gw.sandbox.faults.set('PING', { kind: 'status', status: 503, retryAfterSeconds: 1 });
    const result = await gw.query<any>(SESSION, { id: gid(DEMO.pingMoving) });
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', provider: 'PING' });
    expect(gw.sandbox.requestCount('PING')).toBe(1);
  });

  it('never ends a subscription', async () => {
    const { gw } = env;
    const stream = await subscribeSse<any>(gw.url, 'subscription ($id: ID!) { sessionUpdated(id: $id) { ... on KadoaCrawlSession { crawledPages } } }', { id: gid(DEMO.kadoaCrawling) });
    open.push(stream);
    expect((await stream.next())!.data.sessionUpdated.crawledPages).toBe(0);
    // Ten polls at 100 ms are well past the 300 ms deadline.
    await vi.waitFor(() => expect(gw.hub.stats().polls.KADOA).toBeGreaterThanOrEqual(10), { timeout: 5_000 });
    gw.sandbox.tick();
    expect((await stream.next())!.data.sessionUpdated.crawledPages).toBe(1);
  });
});

describe('a close whose answer was lost', () => {
  const env = gatewayFor({ UPSTREAM_HEADERS_TIMEOUT_MS: '300', UPSTREAM_RETRY_BASE_MS: '10' });

  it('is re-read, and reported as the success it was when the session shows CLOSED', async () => {
    const { gw } = env;
    // deepset closes the session, then its 204 arrives too late.
    gw.sandbox.faults.set('DEEPSET', { kind: 'delayHeaders', ms: 2_000 }, { times: 1 });
    expect((await gw.query<any>(CLOSE, { id: gid(DEMO.deepsetOpen) })).data.closeSession).toEqual({ __typename: 'CloseSessionSuccess', session: { status: 'CLOSED' } });
    expect(gw.sandbox.requestCount('DEEPSET', { method: 'PUT' })).toBe(1);
  });

  it('when it cannot be confirmed, fails with the timeout, and the retry answered 409 reports success', async () => {
    const { gw } = env;
    // The PUT closes the session but its answer is lost, and so is that of the GET that tries to confirm it (timeouts are not retried).
    gw.sandbox.faults.set('DEEPSET', { kind: 'delayHeaders', ms: 2_000 }, { times: 2 });
    expect((await gw.query<any>(CLOSE, { id: gid(DEMO.deepsetOpen) })).data.closeSession).toEqual({ __typename: 'UpstreamFailureError', code: 'UPSTREAM_TIMEOUT' });
    expect((await gw.query<any>(CLOSE, { id: gid(DEMO.deepsetOpen) })).data.closeSession).toEqual({ __typename: 'CloseSessionSuccess', session: { status: 'CLOSED' } });
    expect(gw.sandbox.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([expect.any(Number), 409]);
    // Remembered once: a third close is an ordinary AlreadyClosedError.
    expect((await gw.query<any>(CLOSE, { id: gid(DEMO.deepsetOpen) })).data.closeSession).toEqual({ __typename: 'AlreadyClosedError', code: 'ALREADY_CLOSED' });
  });

  it('that did not happen fails, and the retry closes it', async () => {
    const { gw } = env;
    gw.sandbox.faults.set('DEEPSET', { kind: 'reset' }, { times: 1 });
    expect((await gw.query<any>(CLOSE, { id: gid(DEMO.deepsetOpen) })).data.closeSession).toEqual({ __typename: 'UpstreamFailureError', code: 'UPSTREAM_UNAVAILABLE' });
    expect((await gw.query<any>(CLOSE, { id: gid(DEMO.deepsetOpen) })).data.closeSession).toEqual({ __typename: 'CloseSessionSuccess', session: { status: 'CLOSED' } });
    expect(gw.sandbox.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([0, 204]);
  });

  it('is never confused with a close that was already done before: a plain 409 stays ALREADY_CLOSED', async () => {
    const { gw } = env;
    expect((await gw.query<any>(CLOSE, { id: gid(DEMO.deepsetClosed) })).data.closeSession).toEqual({ __typename: 'AlreadyClosedError', code: 'ALREADY_CLOSED' });
  });
});
