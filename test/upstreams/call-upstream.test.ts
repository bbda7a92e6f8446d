import { getEventListeners, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callUpstream, type UpstreamCall } from '../../src/upstreams/http/call-upstream.js';
import { UpstreamError } from '../../src/upstreams/upstream-error.js';

/** A loopback upstream whose answer each test sets; it counts the requests and connections it saw. */
let server: Server;
let answer: (req: IncomingMessage, res: ServerResponse) => void;
let requests: string[];
let connections: number;
let pool: Pool;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    answer(req, res);
  });
  server.on('connection', () => (connections += 1));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});
beforeEach(async () => {
  await pool?.close();
  // One connection, so a second call waits in the pool's queue, and reuse is visible as one connection.
  pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1, keepAliveTimeout: 10_000 });
  requests = [];
  connections = 0;
});

const call = (path: string, extra: Partial<UpstreamCall> = {}) =>
  callUpstream({ provider: 'KADOA', dispatcher: pool, method: 'GET', path, headers: { accept: 'application/json' }, maxBodyBytes: 1_000, ...extra });

const json = (status: number, body: string | Buffer, headers: Record<string, string> = {}) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers }).end(body);
};

describe('callUpstream', () => {
  it('answers a 2xx body as parsed JSON and its text, a byte order mark skipped', async () => {
    answer = json(200, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"status":"ÉTÉ"}')]));
    await expect(call('/a')).resolves.toEqual({ status: 200, json: { status: 'ÉTÉ' }, text: '{"status":"ÉTÉ"}' });
  });

  it('reads a chunked body of any number of pieces', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":');
      setImmediate(() => res.end('[1,2,3]}'));
    };
    await expect(call('/a')).resolves.toMatchObject({ json: { a: [1, 2, 3] } });
  });

  it('refuses a body past maxBodyBytes, announced or not, as UPSTREAM_BAD_RESPONSE', async () => {
    answer = json(200, `{"a":"${'x'.repeat(2_000)}"}`);
    await expect(call('/announced')).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', message: 'Kadoa answered with a body larger than 1000 bytes' });
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"a":"${'x'.repeat(2_000)}"}`);
    };
    await expect(call('/chunked')).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
  });

  it('throws away an error body, never in the error, and keeps the connection', async () => {
    answer = json(429, '{"detail":"secret upstream words"}', { 'retry-after': '3' });
    const error = await call('/limited').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', upstreamStatus: 429, retryAfterMs: 3_000 });
    expect(JSON.stringify(error) + String(error)).not.toContain('secret');
    answer = json(200, '{}');
    await call('/next');
    expect(connections).toBe(1);
  });

  it('gives up an error body past 128 KiB by closing its connection, and still answers the status', async () => {
    answer = json(503, 'x'.repeat(1024 * 1024));
    await expect(call('/huge-error')).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstreamStatus: 503 });
    answer = json(200, '{}');
    await call('/next');
    expect(connections).toBe(2);
  });

  it('settles at once when the caller aborts a call still queued in the pool, and never sends it', async () => {
    let release!: () => void;
    answer = (_req, res) => {
      release = () => json(200, '{}')(_req, res);
    };
    const first = call('/held');
    await expect.poll(() => requests.length).toBe(1);
    const controller = new AbortController();
    const queued = call('/queued', { signal: controller.signal });
    controller.abort(new DOMException('deadline', 'TimeoutError'));
    await expect(queued).rejects.toMatchObject({ name: 'TimeoutError' });
    release();
    await first;
    answer = json(200, '{}');
    await call('/after');
    expect(requests).toEqual(['/held', '/after']);
  });

  it('adds one abort listener to a signal, however many calls share it, and aborts them all', async () => {
    pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 8 });
    answer = () => undefined; // never answers
    const controller = new AbortController();
    const calls = Array.from({ length: 6 }, (_, i) => call(`/wait/${i}`, { signal: controller.signal }).catch((e: unknown) => e));
    await expect.poll(() => requests.length).toBe(6);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort(new DOMException('deadline', 'TimeoutError'));
    for (const outcome of await Promise.all(calls)) expect(outcome).toMatchObject({ name: 'TimeoutError' });
  });

  it('throws the abort reason without sending when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort(new Error('client went away'));
    await expect(call('/never', { signal: controller.signal })).rejects.toThrow('client went away');
    expect(requests).toEqual([]);
  });
});
