import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GraphQLEnumType } from 'graphql';
import WebSocket from 'ws';
import { clientSchema } from '../../src/schema.js';
import { gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** One sample of the exposition text. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

async function scrape(gw: TestGateway): Promise<Sample[]> {
  const text = await (await fetch(`${gw.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

async function metric(gw: TestGateway, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const samples = await scrape(gw);
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

const refusals = (gw: TestGateway, reason: string) => metric(gw, 'sessiongraph_connection_refusals_total', { reason });
const READ = 'query ($id: ID!) { session(id: $id) { id } }';
const kadoa = (sessionId: string) => gid({ provider: 'KADOA', sessionId });
const KEY = 'kadoa-stub-key';

/** A graphql-transport-ws socket, acknowledged, with the messages it receives and its close code. */
/** vi.waitFor's own default is 1 s, which a poll on a loaded two-worker CI machine can outlast. */
const ARRIVAL = { timeout: 10_000, interval: 10 };

async function openGraphqlWs(url: string) {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: { id?: string; type: string; payload?: any }[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await once(socket, 'open');
  socket.send(JSON.stringify({ type: 'connection_init' }));
  await vi.waitFor(() => expect(messages.some((m) => m.type === 'connection_ack')).toBe(true), ARRIVAL);
  return {
    socket,
    closed,
    message: (id: string, type: string) => vi.waitFor(() => messages.find((m) => m.id === id && m.type === type) ?? Promise.reject(new Error(`no ${type} for ${id} yet`)), ARRIVAL),
    subscribe: (id: string, payload: Record<string, unknown>) => socket.send(JSON.stringify({ id, type: 'subscribe', payload })),
  };
}

describe('economy metrics', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      KADOA_MAX_RPS: '5',
      MAX_SUBSCRIPTIONS_PER_SOCKET: '1',
      MAX_REQUEST_BODY_BYTES: '65536',
      UPSTREAM_CONNECTIONS: '1',
      UPSTREAM_MAX_QUEUED: '0',
      POLL_INTERVAL_MS: '3600000',
      POLL_MAX_INTERVAL_MS: '3600000',
    });
  });
  afterAll(() => gw.close());

  it("shows what is left of a provider's budget in the current second", async () => {
    expect(await metric(gw, 'sessiongraph_budget_left', { provider: 'kadoa' })).toBe(5);
    // A read takes a slot; the window may turn between the read and the scrape, so the pair is tried again then.
    let left: number | undefined;
    for (let attempt = 0; attempt < 5 && left !== 4; attempt += 1) {
      await gw.query(READ, { id: kadoa(`budget-left-${attempt}`) });
      left = await metric(gw, 'sessiongraph_budget_left', { provider: 'kadoa' });
    }
    expect(left).toBe(4);
  });

  it('counts a graphql-ws subscribe past MAX_SUBSCRIPTIONS_PER_SOCKET', async () => {
    expect(await refusals(gw, 'subscriptionLimit')).toBe(0);
    const client = await openGraphqlWs(gw.url);
    const watch = 'subscription ($id: ID!) { sessionUpdated(id: $id) { id } }';
    client.subscribe('one', { query: watch, variables: { id: gid({ provider: 'PING', sessionId: 'vpn-demo-1' }) } });
    await client.message('one', 'next');
    client.subscribe('two', { query: watch, variables: { id: gid({ provider: 'PING', sessionId: 'vpn-demo-2' }) } });
    const { code } = (await client.message('two', 'error')).payload[0].extensions;
    expect(code).toBe('SUBSCRIPTION_LIMIT_EXCEEDED');
    // The schema says its ErrorCode enum is what `extensions.code` holds, so a client's generated types must know this one.
    expect((clientSchema.getType('ErrorCode') as GraphQLEnumType).getValue(code)).toBeDefined();
    expect(await refusals(gw, 'subscriptionLimit')).toBe(1);
    client.socket.close();
    await client.closed;
  });

  it('counts a graphql-ws message over MAX_REQUEST_BODY_BYTES, closed 1009', async () => {
    expect(await refusals(gw, 'messageTooLarge')).toBe(0);
    const client = await openGraphqlWs(gw.url);
    client.subscribe('huge', { query: READ, variables: { id: kadoa('huge'), padding: 'x'.repeat(100_000) } });
    expect(await client.closed).toBe(1009);
    expect(await refusals(gw, 'messageTooLarge')).toBe(1);
  });

  it('counts calls refused because the upstream queue is full', async () => {
    expect(await metric(gw, 'sessiongraph_upstream_queue_refusals_total', { provider: 'ping' })).toBe(0);
    // One connection, no queue: while the first read waits on a slow Ping, the second is refused at once.
    gw.sandbox.faults.set('PING', { kind: 'delayHeaders', ms: 200 }, { times: 1 });
    const answer = await gw.query<any>('query ($a: ID!, $b: ID!) { a: session(id: $a) { id } b: session(id: $b) { id } }', {
      a: gid({ provider: 'PING', sessionId: 'vpn-demo-1' }),
      b: gid({ provider: 'PING', sessionId: 'vpn-demo-2' }),
    });
    expect(answer.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED', retryAfterMs: 1000 }) })]);
    expect(await metric(gw, 'sessiongraph_upstream_queue_refusals_total', { provider: 'ping' })).toBe(1);
  });
});

describe('the stalled SSE reader metric', () => {
  let upstream: Server;
  let gw: TestGateway;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Kadoa's status for any id, with a 256 KB payload that grows on every read: every 100 ms poll is a large event.
    let reads = 0;
    upstream = createServer((req, res) => {
      const id = /^\/v4\/crawl\/([^/]+)\/status$/.exec(req.url ?? '')?.[1] ?? 'unknown';
      reads += 1;
      const body = JSON.stringify({ sessionId: id, error: null, payload: { crawledPages: reads, finished: false, filler: 'x'.repeat(256 * 1024) } });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    gw = await startTestGateway({ SANDBOX: '0', KADOA_BASE_URL: url, KADOA_API_KEY: KEY, POLL_INTERVAL_MS: '100', SSE_STALLED_READER_MS: '250' });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
  });
  afterAll(async () => {
    await gw.close();
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('counts an SSE client dropped for not reading', async () => {
    expect(await refusals(gw, 'stalledReader')).toBe(0);
    const responses: ServerResponse[] = [];
    const onRequest = (_req: unknown, res: ServerResponse) => responses.push(res);
    (gw.server as Server).on('request', onRequest);
    const stalled = connect((gw.server.address() as AddressInfo).port, '127.0.0.1');
    sockets.push(stalled);
    stalled.pause();
    await once(stalled, 'connect');
    const body = JSON.stringify({ query: 'subscription ($id: ID!) { sessionUpdated(id: $id) { ... on KadoaCrawlSession { payload } } }', variables: { id: kadoa('stalled-1') } });
    stalled.write(`POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await vi.waitFor(() => expect(responses).toHaveLength(1));
    (gw.server as Server).off('request', onRequest);
    await once(responses[0]!, 'close');
    expect(await refusals(gw, 'stalledReader')).toBe(1);
  });
});
