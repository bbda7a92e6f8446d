import { Writable } from 'node:stream';
import { createClient } from 'graphql-ws';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config/load-config.js';
import { startGateway } from '../../src/start-gateway.js';
import { subscribeSse } from '../support/subscription-clients.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { hs256, inAnHour, otherRsaKey, startJwks, unsigned, type Jwks } from './jwt.js';

const KEY_A = 'client-key-aaaaaaaaaaaaaaaa';
const KEY_B = 'client-key-bbbbbbbbbbbbbbbb';
const SESSION = 'query ($id: ID!) { session(id: $id) { id state } }';
const SESSION_UPDATED = 'subscription ($id: ID!) { sessionUpdated(id: $id) { state } }';
const variables = { id: gid(DEMO.kadoaCrawling) };

async function post(gw: TestGateway, headers: Record<string, string>, body: unknown = { query: SESSION, variables }) {
  const response = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, authenticate: response.headers.get('www-authenticate'), text: await response.text() };
}

/** A graphql-ws client sending `connectionParams` and, on the upgrade request, `headers`; resolves with the first result or the close code. */
function overWebSocket(gw: TestGateway, connectionParams: Record<string, string>, headers: Record<string, string> = {}): Promise<unknown> {
  class WebSocketWithHeaders extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  return new Promise((resolve) => {
    const client = createClient({
      url: `${gw.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocketWithHeaders,
      retryAttempts: 0,
      connectionParams,
      on: { closed: (event) => resolve({ closed: (event as { code: number }).code }) },
    });
    client.subscribe(
      { query: SESSION, variables },
      {
        next: (value) => {
          resolve(value);
          void client.dispose();
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
  });
}

const expectRefused = (result: { status: number; authenticate: string | null; text: string }, presented?: string) => {
  expect(result.status).toBe(401);
  expect(result.authenticate).toBe('Bearer');
  expect(JSON.parse(result.text)).toEqual({ errors: [{ message: expect.stringContaining('Unauthenticated'), extensions: { code: 'UNAUTHENTICATED' } }] });
  if (presented) expect(result.text).not.toContain(presented);
};

const OK = { data: { session: { id: gid(DEMO.kadoaCrawling), state: 'PROCESSING' } } };

describe('static API keys', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ GATEWAY_API_KEYS: `${KEY_A}, ${KEY_B}` });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it.each([
    ['no credential', {}],
    ['a wrong key', { authorization: 'Bearer client-key-cccccccccccccccc' }],
    ['a key with one character more', { authorization: `Bearer ${KEY_A}x` }],
    ['a prefix of a key', { authorization: `Bearer ${KEY_A.slice(0, -1)}` }],
    ['the key without the Bearer scheme', { authorization: KEY_A }],
    ['the key as Basic auth', { authorization: `Basic ${KEY_A}` }],
    ['the key in x-api-key (not a documented place)', { 'x-api-key': KEY_A }],
  ])('refuses %s with 401, before any upstream call', async (_name, headers) => {
    expectRefused(await post(gw, headers), 'client-key-ccc');
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('refuses a mutation, before any upstream call', async () => {
    const result = await post(gw, {}, { query: 'mutation ($id: ID!) { closeSession(id: $id) { __typename } }', variables: { id: gid(DEMO.deepsetOpen) } });
    expectRefused(result);
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it.each([KEY_A, KEY_B])('serves a client with a configured key', async (key) => {
    const result = await post(gw, { authorization: `Bearer ${key}` });
    expect([result.status, JSON.parse(result.text)]).toEqual([200, OK]);
  });

  it('refuses an SSE subscription with 401 and serves it with a key', async () => {
    await expect(subscribeSse(gw.url, SESSION_UPDATED, variables)).rejects.toThrow(/401/);
    expect(gw.sandbox.requests).toHaveLength(0);
    const stream = await subscribeSse<any>(gw.url, SESSION_UPDATED, variables, { authorization: `Bearer ${KEY_B}` });
    expect(await stream.next()).toEqual({ data: { sessionUpdated: { state: 'PROCESSING' } } });
    await stream.close();
  });

  it('closes a graphql-ws connection without a key with 4403, before any upstream call', async () => {
    expect(await overWebSocket(gw, {})).toEqual({ closed: 4403 });
    expect(await overWebSocket(gw, { authorization: 'Bearer wrong-key-wrong-key' })).toEqual({ closed: 4403 });
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('accepts the key in the graphql-ws connection_init payload, or on the upgrade request', async () => {
    expect(await overWebSocket(gw, { authorization: `Bearer ${KEY_A}` })).toEqual(OK);
    expect(await overWebSocket(gw, {}, { authorization: `Bearer ${KEY_B}` })).toEqual(OK);
  });

  it('leaves /health and the GraphiQL page open; neither holds a key', async () => {
    expect((await fetch(`${gw.url}/health`)).status).toBe(200);
    const page = await fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const secret of [KEY_A, KEY_B, ...Object.values(gw.sandbox.keys)]) expect(html).not.toContain(secret);
  });
});

describe('JWT (HS256 shared secret)', () => {
  const SECRET = 'a-shared-secret-of-at-least-32-characters';
  const claims = () => ({ sub: 'client-1', iss: 'https://issuer.test', aud: 'sessiongraph', exp: inAnHour() });
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ JWT_SECRET: SECRET, JWT_ISSUER: 'https://issuer.test', JWT_AUDIENCE: 'sessiongraph', GATEWAY_API_KEYS: KEY_A });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it('serves a valid token, and an API key beside it', async () => {
    expect(JSON.parse((await post(gw, { authorization: `Bearer ${hs256(SECRET, claims())}` })).text)).toEqual(OK);
    expect(JSON.parse((await post(gw, { authorization: `Bearer ${KEY_A}` })).text)).toEqual(OK);
  });

  it.each([
    ['expired', () => hs256(SECRET, { ...claims(), exp: Math.floor(Date.now() / 1000) - 60 })],
    ['without exp', () => hs256(SECRET, { ...claims(), exp: undefined })],
    ['from another issuer', () => hs256(SECRET, { ...claims(), iss: 'https://evil.test' })],
    ['for another audience', () => hs256(SECRET, { ...claims(), aud: 'someone-else' })],
    ['signed with another secret', () => hs256('another-secret-of-at-least-32-characters!', claims())],
    ['unsigned (alg: none)', () => unsigned(claims())],
    ['with a forged header (alg: HS512)', () => hs256(SECRET, claims(), { alg: 'HS512' })],
    ['that is not a JWT at all', () => 'a.b.c'],
    ['that is garbage', () => '%%%'],
  ])('refuses a token %s with 401, never 500', async (_name, token) => {
    const presented = token();
    expectRefused(await post(gw, { authorization: `Bearer ${presented}` }), presented.length > 8 ? presented : undefined);
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('works over graphql-ws too', async () => {
    expect(await overWebSocket(gw, { authorization: `Bearer ${hs256(SECRET, claims())}` })).toEqual(OK);
    expect(await overWebSocket(gw, { authorization: `Bearer ${hs256(SECRET, { ...claims(), aud: 'x' })}` })).toEqual({ closed: 4403 });
  });
});

describe('JWT (JWKS, RS256)', () => {
  let jwks: Jwks;
  let gw: TestGateway;
  const claims = () => ({ sub: 'client-1', exp: inAnHour() });
  beforeAll(async () => {
    jwks = await startJwks();
    gw = await startTestGateway({ JWT_JWKS_URL: jwks.url });
  });
  afterAll(async () => {
    await gw.close();
    await jwks.close();
  });

  it('serves a token signed with the published key', async () => {
    expect(JSON.parse((await post(gw, { authorization: `Bearer ${jwks.rs256(claims())}` })).text)).toEqual(OK);
  });

  it.each([
    ['signed with another key', () => jwks.rs256(claims(), { key: otherRsaKey() })],
    ['naming a key id the JWKS does not have', () => jwks.rs256(claims(), { kid: 'no-such-key' })],
    ['using HS256 with the public key as the secret', () => hs256('test-key', claims(), { kid: 'test-key' })],
  ])('refuses a token %s with 401, never 500', async (_name, token) => {
    expectRefused(await post(gw, { authorization: `Bearer ${token()}` }));
  });
});

describe('start-up warning', () => {
  const warningsOf = async (env: Record<string, string>): Promise<string[]> => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(JSON.parse(String(chunk)).msg);
          done();
        },
      }),
    );
    const running = await startGateway(loadConfig({ PORT: '0', ...env }), { logger, sandboxTickMs: false });
    await running.close();
    return lines;
  };
  const realDeepset = { DEEPSET_BASE_URL: 'http://127.0.0.1:9', DEEPSET_API_KEY: 'real-deepset-key-123' };

  it('is loud when real credentials are configured and client auth is off, and never names the key', async () => {
    const lines = await warningsOf(realDeepset);
    const warning = lines.find((line) => line.includes('CLIENT AUTH IS OFF'));
    expect(warning).toContain('deepset Cloud');
    expect(lines.join('\n')).not.toContain('real-deepset-key-123');
  });

  it.each([
    ['client auth is on', { ...realDeepset, GATEWAY_API_KEYS: KEY_A }],
    ['every provider is the sandbox', {}],
  ])('is silent when %s', async (_name, env) => {
    expect((await warningsOf(env)).filter((line) => line.includes('CLIENT AUTH IS OFF'))).toEqual([]);
  });
});
