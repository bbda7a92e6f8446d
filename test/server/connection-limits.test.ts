import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { subscribeSse } from '../support/subscription-clients.js';
import { gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const KEY = 'kadoa-stub-key';

interface GrowingKadoa {
  url: string;
  /** Session ids of every status request received, in order. */
  readonly requested: string[];
  close(): Promise<void>;
}

/**
 * Kadoa's status endpoint on loopback, for any id: a crawl whose `crawledPages` grows on every
 * read, so every poll is an event, with `filler` bytes of free-form payload (the contract passes
 * the payload through) to make those events as large as a test needs.
 */
async function startGrowingKadoa(filler: number): Promise<GrowingKadoa> {
  const requested: string[] = [];
  let reads = 0;
  const server = createServer((req, res) => {
    const id = /^\/v4\/crawl\/([^/]+)\/status$/.exec(req.url ?? '')?.[1];
    if (!id || req.headers['x-api-key'] !== KEY) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":true,"message":"Session not found"}');
    requested.push(decodeURIComponent(id));
    reads += 1;
    const body = JSON.stringify({ sessionId: decodeURIComponent(id), error: null, payload: { crawledPages: reads, finished: false, status: 'crawling', filler: 'x'.repeat(filler) } });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requested,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const kadoa = (sessionId: string) => gid({ provider: 'KADOA', sessionId });
const WATCH = 'subscription ($id: ID!) { sessionUpdated(id: $id) { ... on KadoaCrawlSession { crawledPages } } }';

/** A graphql-transport-ws socket, acknowledged, with every message it receives and its close. */
async function openGraphqlWs(url: string) {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: { id?: string; type: string; payload?: any }[] = [];
  const waiters: { match: (m: (typeof messages)[number]) => boolean; resolve: (m: (typeof messages)[number]) => void }[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    messages.push(message);
    for (const waiter of waiters.filter((w) => w.match(message))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const next = (match: (m: (typeof messages)[number]) => boolean) => {
    const seen = messages.find(match);
    return seen ? Promise.resolve(seen) : new Promise<(typeof messages)[number]>((resolve) => waiters.push({ match, resolve }));
  };
  await once(socket, 'open');
  socket.send(JSON.stringify({ type: 'connection_init' }));
  await next((m) => m.type === 'connection_ack');
  return {
    socket,
    closed,
    /** The first message for operation `id` of `type`, received or still to come. */
    message: (id: string, type: string) => next((m) => m.id === id && m.type === type),
    subscribe: (id: string, payload: Record<string, unknown>) => socket.send(JSON.stringify({ id, type: 'subscribe', payload })),
    complete: (id: string) => socket.send(JSON.stringify({ id, type: 'complete' })),
  };
}

describe('graphql-ws messages are bounded by MAX_REQUEST_BODY_BYTES', () => {
  let upstream: GrowingKadoa;
  const gateways: TestGateway[] = [];
  const start = async (maxBytes: number) => {
    const gw = await startTestGateway({ SANDBOX: '0', KADOA_BASE_URL: upstream.url, KADOA_API_KEY: KEY, MAX_REQUEST_BODY_BYTES: String(maxBytes) });
    gateways.push(gw);
    return gw;
  };
  // The same valid subscription each time, 2 MB only because of a variable the operation ignores.
  const twoMegabytes = (sessionId: string) => ({ query: WATCH, variables: { id: kadoa(sessionId), padding: 'x'.repeat(2 * 1024 * 1024) } });

  beforeAll(async () => {
    upstream = await startGrowingKadoa(0);
  });
  afterAll(async () => {
    for (const gw of gateways) await gw.close();
    await upstream.close();
  });

  it('closes the socket with 1009 on a 2 MB message and runs nothing, while a small one on the next socket runs', async () => {
    const gw = await start(65_536);
    const printed = vi.spyOn(console, 'error');
    const refused = await openGraphqlWs(gw.url);
    refused.subscribe('huge', twoMegabytes('huge-1'));
    expect(await refused.closed).toBe(1009);
    // A client's oversized message is not the gateway's error: nothing on stderr for it.
    expect(printed).not.toHaveBeenCalled();
    printed.mockRestore();

    const served = await openGraphqlWs(gw.url);
    served.subscribe('small', { query: WATCH, variables: { id: kadoa('small-1') } });
    expect((await served.message('small', 'next')).payload).toEqual({ data: { sessionUpdated: { crawledPages: expect.any(Number) } } });
    served.socket.close();
    await served.closed;

    expect(upstream.requested).toEqual(['small-1']);
    expect(gw.hub.stats().polls.KADOA).toBe(1);
  });

  it('runs the same 2 MB message when the limit allows it (the refusal is the limit, not the message)', async () => {
    const gw = await start(4 * 1024 * 1024);
    const client = await openGraphqlWs(gw.url);
    client.subscribe('huge', twoMegabytes('huge-2'));
    expect((await client.message('huge', 'next')).payload).toEqual({ data: { sessionUpdated: { crawledPages: expect.any(Number) } } });
    expect(upstream.requested).toContain('huge-2');
    client.socket.close();
    await client.closed;
  });
});

describe('operations per graphql-ws socket', () => {
  let upstream: GrowingKadoa;
  let gw: TestGateway;
  beforeAll(async () => {
    upstream = await startGrowingKadoa(0);
    gw = await startTestGateway({ SANDBOX: '0', KADOA_BASE_URL: upstream.url, KADOA_API_KEY: KEY, MAX_SUBSCRIPTIONS_PER_SOCKET: '3' });
  });
  afterAll(async () => {
    await gw.close();
    await upstream.close();
  });

  it('refuses the subscribe past MAX_SUBSCRIPTIONS_PER_SOCKET with SUBSCRIPTION_LIMIT_EXCEEDED, and the socket stays usable', async () => {
    const client = await openGraphqlWs(gw.url);
    for (const n of [1, 2, 3]) {
      client.subscribe(`s${n}`, { query: WATCH, variables: { id: kadoa(`cap-${n}`) } });
      await client.message(`s${n}`, 'next');
    }
    client.subscribe('s4', { query: WATCH, variables: { id: kadoa('cap-4') } });
    expect((await client.message('s4', 'error')).payload).toEqual([
      { message: 'A WebSocket may hold at most 3 operations at once; complete one before starting another', extensions: { code: 'SUBSCRIPTION_LIMIT_EXCEEDED', limit: 3 } },
    ]);
    expect(upstream.requested).not.toContain('cap-4');

    // Completing one frees its place on the same socket.
    client.complete('s1');
    await vi.waitFor(() => expect(gw.hub.stats().activeSubscriptions).toBe(2));
    client.subscribe('s5', { query: WATCH, variables: { id: kadoa('cap-5') } });
    expect((await client.message('s5', 'next')).payload).toEqual({ data: { sessionUpdated: { crawledPages: expect.any(Number) } } });
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    client.socket.close();
    await client.closed;
  });
});

describe('HTTP request timeouts', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ HTTP_HEADERS_TIMEOUT_MS: '300', HTTP_REQUEST_TIMEOUT_MS: '300' });
  });
  afterAll(async () => {
    await gw.close();
  });

  /** Sends `head` and never more; resolves with whatever the server answered before it closed the connection. */
  async function stallAfter(head: string): Promise<string> {
    const { port } = gw.server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    await once(socket, 'connect');
    socket.write(head);
    await once(socket, 'close');
    return answer;
  }

  it('cuts a client that never finishes its headers, and one that never finishes its body, with 408; an SSE stream older than both lives on', async () => {
    const stream = await subscribeSse<any>(gw.url, 'subscription ($id: ID!) { sessionUpdated(id: $id) { state ... on PingVpnSession { status } } }', {
      id: gid({ provider: 'PING', sessionId: 'vpn-demo-1' }),
    });
    expect(await stream.next()).toMatchObject({ data: { sessionUpdated: { state: expect.any(String) } } });

    const [slowHeaders, slowBody] = await Promise.all([
      stallAfter('POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n'),
      stallAfter('POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":'),
    ]);
    expect(slowHeaders).toMatch(/^HTTP\/1\.1 408 /);
    expect(slowBody).toMatch(/^HTTP\/1\.1 408 /);

    // The stream was received whole before either stalled client connected, so a timeout that bound responses would have cut it first.
    gw.sandbox.tick();
    expect(await stream.next()).toMatchObject({ data: { sessionUpdated: { state: expect.any(String) } } });
    await stream.close();
  });
});

describe('an SSE client that stopped reading', () => {
  let upstream: GrowingKadoa;
  let gw: TestGateway;
  beforeAll(async () => {
    // 256 KB events every 100 ms fill loopback's socket buffers (a few MB) within seconds.
    upstream = await startGrowingKadoa(256 * 1024);
    gw = await startTestGateway({ SANDBOX: '0', KADOA_BASE_URL: upstream.url, KADOA_API_KEY: KEY, POLL_INTERVAL_MS: '100', SSE_STALLED_READER_MS: '250' });
  });
  afterAll(async () => {
    await gw.close();
    await upstream.close();
  });
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
  });

  it('is dropped and its poller released, while a client that reads keeps its stream', async () => {
    const reading = await subscribeSse<any>(gw.url, WATCH, { id: kadoa('reading-1') });
    expect(await reading.next()).toMatchObject({ data: { sessionUpdated: { crawledPages: expect.any(Number) } } });

    const responses: ServerResponse[] = [];
    const onRequest = (_req: unknown, res: ServerResponse) => responses.push(res);
    (gw.server as Server).on('request', onRequest);
    const { port } = gw.server.address() as AddressInfo;
    const stalled = connect(port, '127.0.0.1');
    sockets.push(stalled);
    stalled.pause();
    await once(stalled, 'connect');
    const body = JSON.stringify({ query: 'subscription ($id: ID!) { sessionUpdated(id: $id) { ... on KadoaCrawlSession { payload } } }', variables: { id: kadoa('stalled-1') } });
    stalled.write(
      `POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    await vi.waitFor(() => expect(responses).toHaveLength(1));
    (gw.server as Server).off('request', onRequest);
    await vi.waitFor(() => expect(gw.hub.stats()).toMatchObject({ activeSubscriptions: 2, activePollers: 2 }));

    // The stalled reader never reads, so its response's socket fills and stays full: the gateway destroys it.
    await once(responses[0]!, 'close');
    expect(stalled.bytesRead).toBe(0);
    await vi.waitFor(() => expect(gw.hub.stats()).toMatchObject({ activeSubscriptions: 1, activePollers: 1 }));
    const stalledPolls = upstream.requested.filter((id) => id === 'stalled-1').length;
    expect(stalledPolls).toBeGreaterThan(0);

    // The reader that reads was never stalled for long, so it is still served; and the dropped one is polled no more.
    expect(await reading.next()).toMatchObject({ data: { sessionUpdated: { crawledPages: expect.any(Number) } } });
    expect(await reading.next()).toMatchObject({ data: { sessionUpdated: { crawledPages: expect.any(Number) } } });
    expect(upstream.requested.filter((id) => id === 'stalled-1')).toHaveLength(stalledPolls);
    await reading.close();
  });
});
