import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { startGateway, type RunningGateway } from '../../src/start-gateway.js';
import { UPSTREAM_KEY_HEADERS } from '../../src/security/upstream-key-headers.js';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { sessionPollKey } from '../../src/live/session-poll-target.js';
import { subscribeSse, subscribeWs, type SubscriptionStream } from '../support/subscription-clients.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const KADOA_KEY = UPSTREAM_KEY_HEADERS.KADOA;
const SESSION = 'query ($id: ID!) { session(id: $id) { ... on KadoaCrawlSession { crawledPages } } }';
const WATCH = 'subscription ($id: ID!) { sessionUpdated(id: $id) { ... on KadoaCrawlSession { crawledPages } } }';
/** graphql-ws with provider keys in the connection_init payload, where a WebSocket client puts its headers. */
function subscribeWsWithKeys(url: string, query: string, variables: Record<string, unknown>, connectionParams: Record<string, string>): SubscriptionStream<any> {
  const client = createClient({ url: `${url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams });
  const stream = subscribeWs<any>(url, query, variables, client);
  return {
    next: (timeoutMs) => stream.next(timeoutMs),
    async close() {
      await stream.close();
      await client.dispose();
    },
  };
}

const open: SubscriptionStream<any>[] = [];
const track = <T extends SubscriptionStream<any>>(stream: T): T => (open.push(stream), stream);
afterEach(async () => {
  await Promise.all(open.splice(0).map((stream) => stream.close()));
});

/**
 * A Kadoa stand-in whose answer depends on the key: each account sees its own page count for
 * the same crawl, so any data served to the wrong client shows.
 */
async function startKeyedKadoa(pagesByKey: Record<string, number>) {
  const keysSeen: string[] = [];
  let tick = 0;
  const server: Server = createServer((req, res) => {
    const key = String(req.headers['x-api-key']);
    keysSeen.push(key);
    const pages = pagesByKey[key];
    if (pages === undefined) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":true,"message":"Invalid API key","details":null}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sessionId: 'crawl-1', error: null, payload: { crawledPages: pages + tick, finished: false } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keysSeen,
    advance: () => void (tick += 1000),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('per-request provider keys: two accounts watch the same session', () => {
  let kadoa: Awaited<ReturnType<typeof startKeyedKadoa>>;
  let gw: TestGateway;
  const id = gid({ provider: 'KADOA', sessionId: 'crawl-1' });
  beforeAll(async () => {
    kadoa = await startKeyedKadoa({ 'configured-key': 1, 'alice-key': 2, 'bob-key': 3 });
    gw = await startTestGateway({ SANDBOX: '0', KADOA_BASE_URL: kadoa.url, KADOA_API_KEY: 'configured-key', POLL_INTERVAL_MS: '3600000', POLL_MAX_INTERVAL_MS: '3600000' });
  });
  afterAll(async () => {
    await gw.close();
    await kadoa.close();
  });

  it('answers each query with its own account, the configured one when none is sent', async () => {
    const [none, alice, bob] = await Promise.all([
      gw.post({ query: SESSION, variables: { id } }),
      gw.post({ query: SESSION, variables: { id } }, { [KADOA_KEY]: 'alice-key' }),
      gw.post({ query: SESSION, variables: { id } }, { [KADOA_KEY]: 'bob-key' }),
    ]);
    expect([none.body, alice.body, bob.body].map((b) => b.data)).toEqual([{ session: { crawledPages: 1 } }, { session: { crawledPages: 2 } }, { session: { crawledPages: 3 } }]);
  });

  it('gives each key its own poller, over SSE and WebSocket, and shares one only between equal keys', async () => {
    const polls = gw.hub.stats().polls.KADOA;
    const alice = track(await subscribeSse<any>(gw.url, WATCH, { id }, { [KADOA_KEY]: 'alice-key' }));
    expect(await alice.next()).toEqual({ data: { sessionUpdated: { crawledPages: 2 } } });
    // Bob arrives while Alice's poller holds a fresh value for the very same session.
    const bob = track(subscribeWsWithKeys(gw.url, WATCH, { id }, { [KADOA_KEY]: 'bob-key' }));
    expect(await bob.next()).toEqual({ data: { sessionUpdated: { crawledPages: 3 } } });
    const alice2 = track(await subscribeSse<any>(gw.url, WATCH, { id }, { [KADOA_KEY]: 'alice-key' }));
    expect(await alice2.next()).toEqual({ data: { sessionUpdated: { crawledPages: 2 } } });
    expect(gw.hub.stats()).toMatchObject({ activePollers: 2, activeSubscriptions: 3 });
    expect(gw.hub.stats().polls.KADOA - polls).toBe(2);

    kadoa.advance();
    for (const [key, streams] of [['alice-key', [alice, alice2]], ['bob-key', [bob]]] as const) {
      gw.hub.pokeNow(sessionPollKey({ provider: 'KADOA', sessionId: 'crawl-1' }, key));
      for (const stream of streams) expect((await stream.next())!.data.sessionUpdated.crawledPages).toBe(key === 'alice-key' ? 1002 : 1003);
    }
  });

  it('sends each key only with its own requests', async () => {
    kadoa.keysSeen.length = 0;
    await gw.post({ query: SESSION, variables: { id } }, { [KADOA_KEY]: 'bob-key' });
    expect(kadoa.keysSeen).toEqual(['bob-key']);
  });
});

describe('per-request provider keys against the sandbox', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ POLL_INTERVAL_MS: '3600000', POLL_MAX_INTERVAL_MS: '3600000' });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());
  afterEach(async () => {
    await Promise.all(open.splice(0).map((stream) => stream.close()));
    await vi.waitFor(() => expect(gw.hub.stats()).toMatchObject({ activePollers: 0, activeSubscriptions: 0 }));
  });

  it.each(['sse', 'ws'] as const)('never serves a session polled with the right key to a watcher with a wrong one (%s)', async (transport) => {
    const id = gid(DEMO.kadoaCrawling);
    const alice = track(await subscribeSse<any>(gw.url, WATCH, { id }));
    expect(await alice.next()).toEqual({ data: { sessionUpdated: { crawledPages: 0 } } });
    const headers = { [KADOA_KEY]: 'mallory-key' };
    const mallory = track(transport === 'sse' ? await subscribeSse<any>(gw.url, WATCH, { id }, headers) : subscribeWsWithKeys(gw.url, WATCH, { id }, headers));
    const refused = await mallory.next();
    expect(refused!.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', provider: 'KADOA', upstreamStatus: 401 });
    expect(JSON.stringify(refused)).not.toContain('crawledPages');
    expect(await mallory.next()).toBeNull();
    // Alice's stream carries on with her data.
    gw.sandbox.tick();
    gw.hub.pokeNow(sessionPollKey(DEMO.kadoaCrawling, gw.sandbox.keys.KADOA));
    expect(await alice.next()).toEqual({ data: { sessionUpdated: { crawledPages: 1 } } });
  });

  it('refuses a malformed key header with 400, without echoing it or calling anyone', async () => {
    for (const value of ['has space', 'x'.repeat(5000), '']) {
      const { status, body } = await gw.post({ query: SESSION, variables: { id: gid(DEMO.kadoaCrawling) } }, { [KADOA_KEY]: value });
      expect(status).toBe(400);
      expect(body).toEqual({ errors: [{ message: `The ${KADOA_KEY} header is not a valid key`, extensions: { code: 'INVALID_INPUT' } }] });
    }
    expect(gw.sandbox.requests).toHaveLength(0);
  });
});

describe('with CLIENT_UPSTREAM_KEYS=0', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ CLIENT_UPSTREAM_KEYS: '0' });
  });
  afterAll(() => gw.close());

  it('refuses a request that brings its own key instead of silently using the configured one', async () => {
    const { status, body } = await gw.post({ query: SESSION, variables: { id: gid(DEMO.kadoaCrawling) } }, { [KADOA_KEY]: 'alice-key' });
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringContaining('does not accept per-request provider keys'), extensions: { code: 'INVALID_INPUT' } });
    expect(gw.sandbox.requests).toHaveLength(0);
  });
});

describe('credentials never leak', () => {
  let gw: RunningGateway;
  const logs: string[] = [];
  beforeAll(async () => {
    const logger = pino({ level: 'trace' }, new Writable({ write: (chunk, _encoding, done) => (logs.push(String(chunk)), done()) }));
    gw = await startGateway(loadConfig({ SANDBOX: '1', PORT: '0', UPSTREAM_RETRIES: '0' }), { logger, sandboxTickMs: false });
  });
  afterAll(() => gw.close());

  it('into responses or logs, whatever fails', async () => {
    const secrets = [...Object.values(gw.sandbox!.keys), 'client-secret-key-42'];
    const ask = async (headers: Record<string, string>, query = SESSION, variables: Record<string, unknown> = { id: gid(DEMO.kadoaCrawling) }) => {
      const response = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
      return response.text();
    };
    const answers = [
      await ask({ [KADOA_KEY]: 'client-secret-key-42' }),
      await ask({ [KADOA_KEY]: 'client-secret-key-42 with a space' }),
      await ask({}, 'mutation ($id: ID!) { closeSession(id: $id) { __typename ... on Error { message } } }', { id: gid(DEMO.deepsetOpen) }),
      await ask({}, '{ nope }'),
    ];
    gw.sandbox!.faults.set('KADOA', { kind: 'status', status: 500 });
    answers.push(await ask({}));
    gw.sandbox!.faults.set('KADOA', { kind: 'contractViolation' });
    answers.push(await ask({ [KADOA_KEY]: 'client-secret-key-42' }));
    await vi.waitFor(() => expect(logs.length).toBeGreaterThan(0));
    for (const secret of secrets) {
      for (const text of [...answers, ...logs]) expect(text).not.toContain(secret);
    }
  });
});
