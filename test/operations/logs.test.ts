import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/observability/logger.js';
import { startGateway, type RunningGateway } from '../../src/start-gateway.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { subscribeSse, subscribeWs } from '../support/subscription-clients.js';
import { DEMO, gid } from '../support/test-gateway.js';

type Line = Record<string, unknown> & { msg: string; level: number };

const lines: Line[] = [];
const destination = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
    done();
  },
});

let gw: RunningGateway;
let sandbox: Sandbox;
beforeAll(async () => {
  const logger = createLogger({ level: 'debug', destination });
  // Each test counts its own upstream calls: a 404 remembered from the one before must not answer them.
  gw = await startGateway(loadConfig({ SANDBOX: '1', PORT: '0', POLL_INTERVAL_MS: '100', POLL_MAX_INTERVAL_MS: '100', NOT_FOUND_TTL_MS: '0' }), { logger, sandboxTickMs: false });
  sandbox = gw.sandbox!;
});
afterAll(() => gw.close());
beforeEach(() => {
  sandbox.reset();
  lines.length = 0;
});

const SESSION = 'query ($id: ID!) { session(id: $id) { id state } }';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { requestId: response.headers.get('x-request-id'), body: (await response.json()) as { data?: unknown; errors?: unknown[] } };
}

describe('request ids', () => {
  it("echoes the client's x-request-id and puts it on every line logged while serving the request", async () => {
    sandbox.faults.set('PING', { kind: 'status', status: 404 });
    const { requestId, body } = await post(
      { query: 'query ($k: ID!, $p: ID!) { k: session(id: $k) { id } p: session(id: $p) { id } }', variables: { k: gid(DEMO.kadoaCrawling), p: gid(DEMO.pingMoving) } },
      { 'x-request-id': 'req-abc.123' },
    );
    expect(requestId).toBe('req-abc.123');
    expect(body.errors).toHaveLength(1);

    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.map((l) => l.requestId)).toEqual(lines.map(() => 'req-abc.123'));
    const calls = lines.filter((l) => l.msg === 'upstream call').map(({ provider, method, outcome, status }) => ({ provider, method, outcome, status }));
    expect(calls).toEqual(
      expect.arrayContaining([
        { provider: 'kadoa', method: 'GET', outcome: 'OK', status: 200 },
        { provider: 'ping', method: 'GET', outcome: 'NOT_FOUND', status: 404 },
      ]),
    );
    expect(calls).toHaveLength(2);
    for (const line of lines.filter((l) => l.msg === 'upstream call')) {
      expect(Object.keys(line).sort()).toEqual(['durationMs', 'level', 'method', 'msg', 'outcome', 'provider', 'requestId', 'service', 'status', 'time']);
      expect(line.level).toBe(20);
    }
  });

  it('never logs a credential or an upstream body', async () => {
    sandbox.faults.set('KADOA', { kind: 'status', status: 404 });
    await post({ query: SESSION, variables: { id: gid(DEMO.kadoaCrawling) } }, { 'x-request-id': 'no-secrets' });
    await post({ query: SESSION, variables: { id: gid(DEMO.deepsetOpen) } });
    const text = JSON.stringify(lines);
    expect(lines.some((l) => l.msg === 'upstream call' && l.outcome === 'NOT_FOUND')).toBe(true);
    for (const key of Object.values(sandbox.keys)) expect(text).not.toContain(key);
    expect(text).not.toMatch(/Session not found|Bearer|x-api-key|authorization/i);
  });

  it.each([
    ['there is none', {}],
    ['it has a space', { 'x-request-id': 'two words' }],
    ['it is too long', { 'x-request-id': 'x'.repeat(129) }],
    ['it tries to forge a log field', { 'x-request-id': 'a","level":60,"msg":"forged' }],
  ])('makes up a UUID when %s', async (_name, headers: Record<string, string>) => {
    const { requestId } = await post({ query: SESSION, variables: { id: gid(DEMO.kadoaCrawling) } }, headers);
    expect(requestId).toMatch(UUID);
    expect(lines.filter((l) => l.msg === 'upstream call').map((l) => l.requestId)).toEqual([requestId]);
  });

  it('gives each graphql-ws operation an id of its own', async () => {
    const first = subscribeWs<any>(gw.url, SESSION, { id: gid(DEMO.kadoaCrawling) });
    expect((await first.next())?.data).toMatchObject({ session: { state: 'PROCESSING' } });
    await first.close();
    const second = subscribeWs<any>(gw.url, SESSION, { id: gid(DEMO.pingMoving) });
    await second.next();
    await second.close();
    const ids = lines.filter((l) => l.msg === 'upstream call').map((l) => l.requestId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(UUID);
    expect(ids[1]).toMatch(UUID);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it("keeps a subscription's poller out of the request that started it", async () => {
    const stream = await subscribeSse<any>(gw.url, 'subscription ($id: ID!) { sessionUpdated(id: $id) { id } }', { id: gid(DEMO.kadoaCrawling) }, { 'x-request-id': 'sub-1' });
    await stream.next();
    await vi.waitFor(() => expect(lines.filter((l) => l.msg === 'upstream call').length).toBeGreaterThanOrEqual(3));
    await stream.close();
    const polls = lines.filter((l) => l.msg === 'upstream call');
    expect(polls.every((l) => l.provider === 'kadoa' && l.requestId === undefined)).toBe(true);
  });
});

describe('a misconfigured provider, at the default level', () => {
  const warned: Line[] = [];
  const warnStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) warned.push(JSON.parse(text) as Line);
      done();
    },
  });
  const WRONG_KEY = 'wrong-kadoa-key-0123456789';
  let misconfigured: RunningGateway;
  beforeAll(async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const env = {
      PORT: '0',
      // Kadoa is the sandbox's, with a key it refuses; Ping is nowhere.
      KADOA_BASE_URL: sandbox.urls.KADOA,
      KADOA_API_KEY: WRONG_KEY,
      PING_BASE_URL: `http://127.0.0.1:${port}`,
      PING_API_KEY: 'ping-key-0123456789',
      UPSTREAM_RETRIES: '0',
    };
    misconfigured = await startGateway(loadConfig(env), { logger: createLogger({ destination: warnStream }), sandboxTickMs: false });
  });
  afterAll(() => misconfigured.close());

  it('warns once per provider and code, naming neither key nor body, and sums the rest up on close', async () => {
    const query = { query: 'query ($k: ID!, $p: ID!) { k: session(id: $k) { id } p: session(id: $p) { id } }', variables: { k: gid(DEMO.kadoaCrawling), p: gid(DEMO.pingMoving) } };
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${misconfigured.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(query) });
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors.map((e) => e.extensions.code).sort()).toEqual(['UNAUTHENTICATED', 'UPSTREAM_UNAVAILABLE']);
    }
    const failures = () => warned.filter((l) => l.msg.startsWith('upstream call')).map(({ level, provider, code, status }) => ({ level, provider, code, status }));
    expect(failures()).toEqual(
      expect.arrayContaining([
        { level: 40, provider: 'kadoa', code: 'UNAUTHENTICATED', status: 401 },
        { level: 40, provider: 'ping', code: 'UPSTREAM_UNAVAILABLE', status: undefined },
      ]),
    );
    expect(failures()).toHaveLength(2);
    await misconfigured.close();
    const summaries = warned.filter((l) => l.msg === 'upstream calls still failing').map(({ provider, code, failures }) => ({ provider, code, failures }));
    expect(summaries).toEqual(expect.arrayContaining([{ provider: 'kadoa', code: 'UNAUTHENTICATED', failures: 2 }]));
    expect(summaries.find((s) => s.provider === 'ping')).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    const text = JSON.stringify(warned);
    expect(text).not.toContain(WRONG_KEY);
    expect(text).not.toContain('ping-key-0123456789');
    expect(text).not.toMatch(/unauthori[sz]ed|Bearer|x-api-key/i);
  });
});
