import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/start-gateway.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * The hot path must answer exactly as yoga does. Each case goes twice to a gateway with the hot
 * path (the first time yoga answers, and parses the document for the hot path) and to one without, both over real
 * sockets in front of their own sandbox at the same tick. Status, content type, request id and
 * body must match (fetchedAt aside, which is the time of the fetch), and the hot path must have
 * served exactly the cases it is meant to.
 */

interface Case {
  name: string;
  body: string;
  headers?: Record<string, string>;
  /** Whether the second request is served by the hot path rather than handed to yoga. */
  fast: boolean;
}

const ONE = 'query One($id: ID!) { session(id: $id) { id provider state providerStatus isTerminal fetchedAt ... on PingVpnSession { uploadedBytes downloadedBytes } } }';
const json = (value: unknown) => JSON.stringify(value);
const one = (id: string) => json({ query: ONE, variables: { id } });

const CASES: Case[] = [
  { name: 'a query with variables', body: one(gid(DEMO.pingMoving)), fast: true },
  { name: 'no Accept header', body: one(gid(DEMO.kadoaCrawling)), headers: { accept: '' }, fast: true },
  { name: 'Accept */*', body: one(gid(DEMO.kadoaCrawling)), headers: { accept: '*/*' }, fast: true },
  { name: 'Accept application/json', body: one(gid(DEMO.deepsetOpen)), headers: { accept: 'application/json' }, fast: true },
  { name: 'Accept application/graphql-response+json', body: one(gid(DEMO.paradigmDone)), headers: { accept: 'application/graphql-response+json' }, fast: true },
  {
    name: 'Accept with a q value',
    body: one(gid(DEMO.paradigmDone)),
    headers: { accept: 'application/graphql-response+json, application/json;q=0.9' },
    fast: true,
  },
  { name: 'Accept preferring application/json (yoga negotiates)', body: one(gid(DEMO.pingMoving)), headers: { accept: 'application/json, application/graphql-response+json' }, fast: false },
  { name: 'content type with charset', body: one(gid(DEMO.pingMoving)), headers: { 'content-type': 'application/json; charset=utf-8' }, fast: true },
  { name: 'a session the upstream does not have (partial failure)', body: one(gid({ provider: 'PING', sessionId: 'vpn-nope-9' })), fast: true },
  { name: 'an id that is not a session id', body: one('bm90IGFuIGlk'), fast: true },
  { name: 'errors under graphql-response+json', body: one('bm90IGFuIGlk'), headers: { accept: 'application/graphql-response+json' }, fast: true },
  { name: 'variables: null on a query without variables', body: json({ query: '{ pingVpnSession(id: "vpn-demo-2") { id state } }', variables: null }), fast: true },
  { name: 'operationName picks the query of several', body: json({ query: `${ONE} query Two { kadoaCrawlSession(sessionId: "crawl-demo-2") { id state } }`, operationName: 'Two' }), fast: true },
  { name: 'a missing variable (nothing runs)', body: json({ query: ONE }), fast: true },
  { name: 'a variable of the wrong type', body: json({ query: ONE, variables: { id: true } }), fast: true },
  { name: 'a variable of the wrong type, graphql-response+json', body: json({ query: ONE, variables: { id: [1] } }), headers: { accept: 'application/graphql-response+json' }, fast: true },
  { name: 'an operationName the document lacks', body: json({ query: ONE, operationName: 'Nope', variables: { id: gid(DEMO.pingMoving) } }), fast: false },
  { name: 'more sessions than the budget', body: json({ query: 'query Many($ids: [ID!]!) { sessions(ids: $ids) { id } }', variables: { ids: [gid(DEMO.pingMoving), gid(DEMO.kadoaCrawling), gid(DEMO.paradigmDone)] } }), fast: true },
  { name: 'three aliases naming distinct sessions, over the budget', body: json({ query: `{ a: pingVpnSession(id: "vpn-demo-1") { id } b: pingVpnSession(id: "vpn-demo-2") { id } c: kadoaCrawlSession(sessionId: "crawl-demo-1") { id } }` }), fast: true },
  { name: 'three aliases of one session, within the budget', body: json({ query: 'query ($id: ID!) { a: session(id: $id) { id } b: session(id: $id) { state } c: session(id: $id) { isTerminal } }', variables: { id: gid(DEMO.kadoaFailed) } }), fast: true },
  { name: "the client's own provider key", body: one(gid(DEMO.pingMoving)), headers: { 'x-sessiongraph-ping-key': 'not-the-sandbox-key-0123' }, fast: true },
  { name: 'a malformed provider key header', body: one(gid(DEMO.pingMoving)), headers: { 'x-sessiongraph-ping-key': 'two words' }, fast: true },
  { name: 'an extensions key', body: json({ query: ONE, variables: { id: gid(DEMO.pingMoving) }, extensions: {} }), fast: false },
  { name: 'an Origin header (CORS is yoga’s)', body: one(gid(DEMO.pingMoving)), headers: { origin: 'http://elsewhere.example' }, fast: false },
  { name: 'text/plain (CSRF prevention is yoga’s)', body: one(gid(DEMO.pingMoving)), headers: { 'content-type': 'text/plain' }, fast: false },
  { name: 'invalid JSON', body: '{"query": ', fast: false },
  { name: 'a JSON array (batching is off)', body: json([{ query: ONE, variables: { id: gid(DEMO.pingMoving) } }]), fast: false },
  { name: 'a query that fails validation', body: json({ query: '{ session(id: "x") { nope } }' }), fast: true },
  { name: 'a mutation', body: json({ query: `mutation { closeSession(id: "${gid(DEMO.deepsetExpired)}") { __typename } }` }), fast: true },
  { name: 'a subscription (streams are yoga’s)', body: json({ query: `subscription { sessionUpdated(id: "${gid(DEMO.kadoaFailed)}") { id state } }` }), headers: { accept: 'application/json' }, fast: false },
  { name: 'a body over the limit', body: json({ query: ONE, variables: { id: gid(DEMO.pingMoving), pad: 'x'.repeat(70_000) } }), fast: false },
];

interface Answer {
  status: number;
  contentType: string | null;
  requestId: string | null;
  body: string;
}

async function send(gateway: RunningGateway, testCase: Case, requestId: string): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', 'x-request-id': requestId, ...testCase.headers };
  if (headers.accept === '') delete headers.accept;
  const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers, body: testCase.body });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    requestId: response.headers.get('x-request-id'),
    body: (await response.text()).replace(/"fetchedAt":"[^"]+"/g, '"fetchedAt":"…"'),
  };
}

function served(gateway: RunningGateway): number {
  if (!gateway.hotPath.on) throw new Error('the hot path is off');
  return gateway.hotPath.stats().served;
}

describe('the hot path answers exactly as yoga does', () => {
  const env = { MAX_SESSIONS_PER_OPERATION: '2' };
  let fast: TestGateway;
  let yoga: TestGateway;
  beforeAll(async () => {
    [fast, yoga] = await Promise.all([startTestGateway(env), startTestGateway({ ...env, HOT_PATH: '0' })]);
  });
  afterAll(async () => {
    await Promise.all([fast?.close(), yoga?.close()]);
  });

  it('is on by default, and HOT_PATH=0 turns it off', () => {
    expect(fast.hotPath.on).toBe(true);
    expect(yoga.hotPath).toEqual({ on: false, reason: 'HOT_PATH=0' });
  });

  it.each(CASES)('$name', async (testCase) => {
    const id = `case-${CASES.indexOf(testCase)}`;
    const first = await send(fast, testCase, `${id}-a`);
    const before = served(fast);
    const second = await send(fast, testCase, `${id}-b`);
    expect(served(fast) - before).toBe(testCase.fast ? 1 : 0);
    const reference = await send(yoga, testCase, `${id}-b`);
    expect(second).toEqual(reference);
    expect(first).toEqual({ ...reference, requestId: `${id}-a` });
  });
});

describe('errors on the hot path', () => {
  it('fetch each session once, and are written as graphql-js writes them', async () => {
    // The 404 of the warm-up must reach the provider again when counted.
    const gateway = await startTestGateway({ NOT_FOUND_TTL_MS: '0' });
    try {
      const testCase: Case = { name: 'partial', body: json({ query: '{ a: pingVpnSession(id: "vpn-demo-1") { id state } b: pingVpnSession(id: "vpn-nope-7") { id } }' }), fast: true };
      await send(gateway, testCase, 'warm');
      gateway.sandbox.reset();
      const before = served(gateway);
      const answer = await send(gateway, testCase, 'counted');
      expect(served(gateway) - before).toBe(1);
      expect(JSON.parse(answer.body).errors).toMatchObject([{ path: ['b'], locations: [{ line: 1, column: 52 }], extensions: { code: 'NOT_FOUND' } }]);
      expect(gateway.sandbox.requests).toHaveLength(2);
    } finally {
      await gateway.close();
    }
  });
});

describe('the hot path with client auth', () => {
  const KEY = 'client-key-0123456789abcdef';
  let fast: TestGateway;
  let yoga: TestGateway;
  beforeAll(async () => {
    const env = { GATEWAY_API_KEYS: KEY, NODE_ENV: 'production' };
    [fast, yoga] = await Promise.all([startTestGateway(env), startTestGateway({ ...env, HOT_PATH: '0' })]);
  });
  afterAll(async () => {
    await Promise.all([fast?.close(), yoga?.close()]);
  });

  const cases: Case[] = [
    { name: 'the right key', body: one(gid(DEMO.pingMoving)), headers: { authorization: `Bearer ${KEY}` }, fast: true },
    { name: 'no key', body: one(gid(DEMO.pingMoving)), fast: false },
    { name: 'a wrong key', body: one(gid(DEMO.pingMoving)), headers: { authorization: 'Bearer not-the-key-0123456789' }, fast: false },
    { name: 'the right key, an upstream error, production masking', body: one(gid({ provider: 'KADOA', sessionId: 'crawl-nope-1' })), headers: { authorization: `Bearer ${KEY}` }, fast: true },
  ];

  it.each(cases)('$name', async (testCase) => {
    await send(fast, testCase, 'warm');
    const before = served(fast);
    const answer = await send(fast, testCase, 'auth');
    expect(served(fast) - before).toBe(testCase.fast ? 1 : 0);
    expect(answer).toEqual(await send(yoga, testCase, 'auth'));
  });
});

describe('when the hot path stands aside', () => {
  it.each([
    [{ TRUSTED_DOCUMENTS: 'src/dashboard/gql/persisted-documents.json' }, /trusted-documents/],
  ])('%o', async (env, reason) => {
    const gateway = await startTestGateway(env);
    try {
      expect(gateway.hotPath.on).toBe(false);
      expect(gateway.hotPath.on === false && gateway.hotPath.reason).toMatch(reason);
    } finally {
      await gateway.close();
    }
  });
});

describe('hot-path metrics', () => {
  it('count each request once, in the same series, whichever path served it', async () => {
    const [fast, yoga] = await Promise.all([startTestGateway(), startTestGateway({ HOT_PATH: '0' })]);
    try {
      const cases: Case[] = [
        { name: 'an upstream error', body: one(gid({ provider: 'PING', sessionId: 'vpn-nope-9' })), fast: true },
        { name: 'a validation failure', body: json({ query: '{ nope }' }), fast: true },
        { name: 'a mutation', body: json({ query: `mutation { closeSession(id: "${gid(DEMO.deepsetExpired)}") { __typename } }` }), fast: true },
      ];
      for (let i = 0; i < 3; i++) for (const testCase of cases) await Promise.all([send(fast, testCase, `m${i}`), send(yoga, testCase, `m${i}`)]);
      const series = async (gateway: RunningGateway) => {
        const text = await (await fetch(`${gateway.url}/metrics`)).text();
        return text.split('\n').filter((line) => /^graphql_(envelop_(request|error_result|phase_\w+_count)|yoga_http_duration_count)\{/.test(line)).sort();
      };
      const expected = await series(yoga);
      expect(expected).toEqual(expect.arrayContaining([
        'graphql_envelop_error_result{operationType="query",phase="execute"} 3',
        'graphql_envelop_error_result{operationType="query",phase="validate"} 3',
        'graphql_envelop_phase_parse_count{operationType="mutation"} 3',
        'graphql_envelop_phase_validate_count{operationType="query"} 6',
      ]));
      expect(await series(fast)).toEqual(expected);
      const fastText = await (await fetch(`${fast.url}/metrics`)).text();
      // The first of each goes to yoga, which parses its document for the first time.
      expect(fastText).toContain('sessiongraph_http_requests_total{handler="hot_path"} 6');
      expect(fastText).toMatch(/sessiongraph_http_requests_total\{handler="yoga"\} [1-9]/);
    } finally {
      await Promise.all([fast.close(), yoga.close()]);
    }
  });
});
