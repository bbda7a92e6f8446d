import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Fault } from '../../src/sandbox/faults.js';
import { PROVIDERS, type Provider } from '../../src/upstreams/provider.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  // Every fault must reach the provider: a remembered 404 would answer the ones after it (test/economy/read-caches.test.ts prices that).
  gw = await startTestGateway({ UPSTREAM_HEADERS_TIMEOUT_MS: '300', UPSTREAM_BODY_TIMEOUT_MS: '300', UPSTREAM_MAX_BODY_BYTES: '65536', NOT_FOUND_TTL_MS: '0' });
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

const REF: Record<Provider, (typeof DEMO)[keyof typeof DEMO]> = {
  DEEPSET: DEMO.deepsetOpen,
  PARADIGM: DEMO.paradigmMoving,
  PING: DEMO.pingMoving,
  KADOA: DEMO.kadoaCrawling,
};

const SESSION = 'query ($id: ID!) { session(id: $id) { id state } }';

const FAULTS: [string, Fault, string, number | undefined][] = [
  ['401', { kind: 'status', status: 401 }, 'UNAUTHENTICATED', 401],
  ['403', { kind: 'status', status: 403 }, 'FORBIDDEN', 403],
  ['404', { kind: 'status', status: 404 }, 'NOT_FOUND', 404],
  ['400', { kind: 'status', status: 400 }, 'INVALID_INPUT', 400],
  ['429 with Retry-After', { kind: 'status', status: 429, retryAfterSeconds: 7 }, 'RATE_LIMITED', 429],
  ['500', { kind: 'status', status: 500 }, 'UPSTREAM_UNAVAILABLE', 500],
  ['503', { kind: 'status', status: 503 }, 'UPSTREAM_UNAVAILABLE', 503],
  ['a connection reset', { kind: 'reset' }, 'UPSTREAM_UNAVAILABLE', undefined],
  ['slow headers', { kind: 'delayHeaders', ms: 2_000 }, 'UPSTREAM_TIMEOUT', undefined],
  ['a stalled body', { kind: 'slowBody', ms: 2_000 }, 'UPSTREAM_TIMEOUT', undefined],
  ['invalid JSON', { kind: 'invalidJson' }, 'UPSTREAM_BAD_RESPONSE', 200],
  ['JSON that breaks the contract', { kind: 'contractViolation' }, 'UPSTREAM_BAD_RESPONSE', undefined],
  ['a huge body', { kind: 'hugeBody', bytes: 1_000_000 }, 'UPSTREAM_BAD_RESPONSE', undefined],
];

describe.each(PROVIDERS)('%s upstream failures', (provider) => {
  it.each(FAULTS)('maps %s to its code, with no upstream body or key in the answer', async (_name, fault, code, status) => {
    gw.sandbox.faults.set(provider, fault);
    const { status: httpStatus, body } = await gw.post({ query: SESSION, variables: { id: gid(REF[provider]) } });
    expect(httpStatus).toBe(200);
    expect(body.data).toEqual({ session: null });
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors!;
    expect(error!.path).toEqual(['session']);
    expect(error!.extensions).toMatchObject({ code, provider });
    if (status !== undefined) expect(error!.extensions!.upstreamStatus).toBe(status);
    if (code === 'RATE_LIMITED') expect(error!.extensions!.retryAfterMs).toBe(7_000);
    const text = JSON.stringify(body);
    expect(text).not.toContain(gw.sandbox.keys[provider]);
    expect(text).not.toMatch(/stack|at .*\.ts|Session not found|detail/);
  });

  it('gets NOT_FOUND for an id the upstream does not know', async () => {
    const ref = provider === 'DEEPSET' ? { ...DEMO.deepsetOpen, sessionId: 'd0000000-0000-4000-8000-0000000000ff' } : provider === 'PARADIGM' ? { ...DEMO.paradigmMoving, sessionId: 'a0000000-0000-4000-8000-0000000000ff' } : { provider, sessionId: 'no-such-session' };
    const { body } = await gw.post({ query: SESSION, variables: { id: gid(ref as never) } });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', provider, upstreamStatus: 404 });
  });
});

describe('partial failure', () => {
  it('returns three sessions and one located error when one provider is down', async () => {
    gw.sandbox.faults.set('PING', { kind: 'status', status: 503 });
    const result = await gw.query<any>(
      `query ($d: ID!, $p: ID!, $v: ID!, $k: ID!) {
        deepset: session(id: $d) { provider } paradigm: session(id: $p) { provider } ping: session(id: $v) { provider } kadoa: session(id: $k) { provider }
      }`,
      { d: gid(DEMO.deepsetOpen), p: gid(DEMO.paradigmMoving), v: gid(DEMO.pingMoving), k: gid(DEMO.kadoaCrawling) },
    );
    expect(result.data).toEqual({ deepset: { provider: 'DEEPSET' }, paradigm: { provider: 'PARADIGM' }, ping: null, kadoa: { provider: 'KADOA' } });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ path: ['ping'], extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'PING' } });
  });

  it('nulls only the failing items of a sessions list', async () => {
    gw.sandbox.faults.set('KADOA', { kind: 'status', status: 404 });
    const result = await gw.query<any>('query ($ids: [ID!]!) { sessions(ids: $ids) { provider } }', {
      ids: [gid(DEMO.deepsetOpen), gid(DEMO.kadoaCrawling), 'garbage', gid(DEMO.pingMoving)],
    });
    expect(result.data.sessions).toEqual([{ provider: 'DEEPSET' }, null, null, { provider: 'PING' }]);
    expect(result.errors!.map((e) => [e.path, e.extensions!.code])).toEqual(
      expect.arrayContaining([
        [['sessions', 1], 'NOT_FOUND'],
        [['sessions', 2], 'INVALID_INPUT'],
      ]),
    );
  });
});

describe('input validation', () => {
  it.each([
    ['a path-traversal ping id', 'query { pingVpnSession(id: "../admin") { id } }'],
    ['an encoded slash', 'query { kadoaCrawlSession(sessionId: "a%2Fb") { id } }'],
    ['a NUL byte', 'query { kadoaCrawlSession(sessionId: "a\\u0000b") { id } }'],
    ['a very long id', `query { pingVpnSession(id: "${'x'.repeat(5000)}") { id } }`],
    ['a bad workspace', 'query { deepsetUploadSession(workspace: "de/mo", sessionId: "d0000000-0000-4000-8000-000000000001") { id } }'],
    ['a malformed global id', 'query { session(id: "bm9wZQ==") { id } }'],
    ['a node id of an unknown type', `query { node(id: "${Buffer.from('User:1').toString('base64')}") { id } }`],
  ])('refuses %s with INVALID_INPUT and sends nothing upstream', async (_name, query) => {
    const before = gw.sandbox.requests.length;
    const result = await gw.query(query);
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(gw.sandbox.requests.length).toBe(before);
  });

  it('caps the length of sessions(ids) before fetching anything', async () => {
    const before = gw.sandbox.requests.length;
    const ids = Array.from({ length: 101 }, () => gid(DEMO.pingMoving));
    const result = await gw.query('query ($ids: [ID!]!) { sessions(ids: $ids) { id } }', { ids });
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(gw.sandbox.requests.length).toBe(before);
  });
});
