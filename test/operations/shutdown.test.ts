import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { subscribeSse, subscribeWs } from '../support/subscription-clients.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { KADOA_STUB_KEY, startKadoaStub, type KadoaStub } from './kadoa-stub.js';

const KADOA = 'query ($id: String!) { kadoaCrawlSession(sessionId: $id) { id crawledPages } }';
const PING_UPDATED = 'subscription ($id: ID!) { sessionUpdated(id: $id) { id state } }';

let stub: KadoaStub;
let gw: TestGateway;
afterEach(async () => {
  stub.release();
  await gw.close();
  await stub.close();
});

async function start(env: Record<string, string> = {}): Promise<void> {
  stub = await startKadoaStub({ hold: true });
  gw = await startTestGateway({ SANDBOX: '0', KADOA_BASE_URL: stub.url, KADOA_API_KEY: KADOA_STUB_KEY, ...env });
}

function kadoaQuery(url: string, i: number) {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: KADOA, variables: { id: `crawl-${i}` } }),
  }).then(async (response) => ({ status: response.status, body: await response.json() }));
}

/** Resolves with the connect error code, or 'connected' when the port still accepts. */
function tryConnect(url: string): Promise<string> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('close()', () => {
  it('stops accepting, turns /ready to 503, completes subscriptions and lets every in-flight request finish', async () => {
    await start();
    const sse = await subscribeSse<any>(gw.url, PING_UPDATED, { id: gid(DEMO.pingMoving) });
    const ws = subscribeWs<any>(gw.url, PING_UPDATED, { id: gid(DEMO.pingMoving) });
    expect((await sse.next())?.data).toMatchObject({ sessionUpdated: { id: gid(DEMO.pingMoving) } });
    expect((await ws.next())?.data).toMatchObject({ sessionUpdated: { id: gid(DEMO.pingMoving) } });

    const inFlight = Array.from({ length: 20 }, (_, i) => kadoaQuery(gw.url, i));
    await stub.receivedAtLeast(20);
    const closing = gw.close();

    expect(await (await gw.graphqlServer.fetch('http://gateway/ready')).json()).toEqual({ status: 'draining' });
    // Both streams end with a completion, not an error, while the queries are still held upstream.
    expect(await sse.next()).toBeNull();
    expect(await ws.next()).toBeNull();
    expect(gw.hub.stats()).toMatchObject({ activeSubscriptions: 0, activePollers: 0 });
    expect(await tryConnect(gw.url)).toBe('ECONNREFUSED');

    stub.release();
    const answers = await Promise.all(inFlight);
    expect(answers).toEqual(
      Array.from({ length: 20 }, (_, i) => ({ status: 200, body: { data: { kadoaCrawlSession: { id: gid({ provider: 'KADOA', sessionId: `crawl-${i}` }), crawledPages: 3 } } } })),
    );
    await closing;
    expect(gw.server.listening).toBe(false);
    await ws.close();
  });

  it('cuts what is still in flight once SHUTDOWN_TIMEOUT_MS has passed', async () => {
    // The upstream call outlives the cut client; its own timeout is what lets the pools close.
    await start({ SHUTDOWN_TIMEOUT_MS: '100', UPSTREAM_HEADERS_TIMEOUT_MS: '500' });
    const inFlight = Array.from({ length: 3 }, (_, i) => kadoaQuery(gw.url, i).then(() => 'answered', (error: Error) => error.name));
    await stub.receivedAtLeast(3);
    await gw.close();
    expect(await Promise.all(inFlight)).toEqual(['TypeError', 'TypeError', 'TypeError']);
    expect(gw.server.listening).toBe(false);
  });

  it('is idempotent', async () => {
    await start();
    const first = gw.close();
    expect(gw.close()).toBe(first);
    await first;
  });
});
