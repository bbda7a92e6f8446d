import { Agent, request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { PROVIDERS, type Provider } from '../../src/upstreams/provider.js';
import { responseValidator } from '../support/openapi.js';
import { authHeaders, call, closeDeepset, getSession, SESSION_PATH, type RawResponse } from './sandbox-client.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const DEMO: Record<Provider, string> = {
  DEEPSET: 'd0000000-0000-4000-8000-000000000001',
  PARADIGM: 'a0000000-0000-4000-8000-000000000001',
  PING: 'vpn-demo-2',
  KADOA: 'crawl-demo-1',
};
const demoUrl = (provider: Provider): string => `${sandbox.urls[provider]}${SESSION_PATH[provider](DEMO[provider])}`;
const statusesOf = async (provider: Provider, count: number): Promise<number[]> => {
  const statuses: number[] = [];
  for (let index = 0; index < count; index += 1) statuses.push((await call(sandbox, provider, SESSION_PATH[provider](DEMO[provider]))).status);
  return statuses;
};

/** A response as a fault must leave it: all but the Date header, which ticks with the wall clock and can cross a second during a delay. */
const withoutDate = ({ headers: { date: _date, ...headers }, ...rest }: RawResponse) => ({ ...rest, headers });

async function withAgent<T>(options: ConstructorParameters<typeof Agent>[0], use: (agent: Agent) => Promise<T>): Promise<T> {
  const agent = new Agent(options);
  try {
    return await use(agent);
  } finally {
    await agent.destroy();
  }
}

describe('status', () => {
  it("answers the status in the provider's error shape, with Retry-After when asked", async () => {
    sandbox.faults.set('PING', { kind: 'status', status: 503, retryAfterSeconds: 7 }, { times: 1 });
    const response = await call(sandbox, 'PING', SESSION_PATH.PING('vpn-demo-1'));
    expect({ status: response.status, retryAfter: response.headers['retry-after'], body: JSON.parse(response.text) }).toEqual({
      status: 503,
      retryAfter: '7',
      body: { error: { code: 'SERVICE_UNAVAILABLE', message: 'Service Unavailable', details: {} } },
    });
    expect((await call(sandbox, 'PING', SESSION_PATH.PING('vpn-demo-1'))).status).toBe(200);
  });

  it('a 429 without retryAfterSeconds sends no Retry-After', async () => {
    sandbox.faults.set('KADOA', { kind: 'status', status: 429 }, { times: 1 });
    const response = await call(sandbox, 'KADOA', SESSION_PATH.KADOA('crawl-demo-1'));
    expect({ status: response.status, retryAfter: response.headers['retry-after'], body: JSON.parse(response.text) }).toEqual({
      status: 429,
      retryAfter: undefined,
      body: { error: true, message: 'Too Many Requests', details: null },
    });
  });

  it('replaces the answer entirely: a faulted close does not close', async () => {
    sandbox.faults.set('DEEPSET', { kind: 'status', status: 503 }, { times: 1 });
    expect((await closeDeepset(sandbox, DEMO.DEEPSET)).status).toBe(503);
    expect(await getSession(sandbox, 'DEEPSET', DEMO.DEEPSET)).toMatchObject({ status: 'OPEN' });
  });

  it('applies to the next `times` requests only, and by default until cleared', async () => {
    sandbox.faults.set('KADOA', { kind: 'status', status: 500 }, { times: 2 });
    expect(await statusesOf('KADOA', 3)).toEqual([500, 500, 200]);

    sandbox.faults.set('KADOA', { kind: 'status', status: 502 });
    sandbox.faults.set('PARADIGM', { kind: 'status', status: 502 });
    expect(await statusesOf('KADOA', 3)).toEqual([502, 502, 502]);
    sandbox.faults.clear('KADOA');
    expect([...(await statusesOf('KADOA', 1)), ...(await statusesOf('PARADIGM', 1))]).toEqual([200, 502]);
    sandbox.faults.clear();
    expect(await statusesOf('PARADIGM', 1)).toEqual([200]);
  });

  it('limited to a path, answers other paths as usual and counts only the matching ones', async () => {
    sandbox.faults.set('KADOA', { kind: 'status', status: 404 }, { times: 1, pathIncludes: '/pages' });
    const pages = SESSION_PATH.KADOA('crawl-demo-1').replace(/\/status$/, '/pages?currentPage=1&pageSize=5');
    expect(await statusesOf('KADOA', 2)).toEqual([200, 200]);
    expect((await call(sandbox, 'KADOA', pages)).status).toBe(404);
    expect((await call(sandbox, 'KADOA', pages)).status).toBe(200);
    expect(() => sandbox.faults.set('KADOA', { kind: 'reset' }, { pathIncludes: '' })).toThrow(RangeError);
  });

  it('touches only the provider it was set for', async () => {
    sandbox.faults.set('PING', { kind: 'status', status: 500 });
    const others = await Promise.all((['DEEPSET', 'PARADIGM', 'KADOA'] as const).map((provider) => statusesOf(provider, 1)));
    expect(others.flat()).toEqual([200, 200, 200]);
  });

  it('rejects nonsense settings', () => {
    expect(() => sandbox.faults.set('PING', { kind: 'status', status: 99 })).toThrow(RangeError);
    expect(() => sandbox.faults.set('PING', { kind: 'delayHeaders', ms: -1 })).toThrow(RangeError);
    expect(() => sandbox.faults.set('PING', { kind: 'reset' }, { times: 0 })).toThrow(RangeError);
  });
});

describe('delayHeaders', () => {
  it('holds the headers back past a client headersTimeout, then the next request is normal', async () => {
    sandbox.faults.set('PARADIGM', { kind: 'delayHeaders', ms: 60_000 }, { times: 1 });
    await withAgent({ headersTimeout: 100 }, async (dispatcher) => {
      const headers = authHeaders('PARADIGM', sandbox.keys.PARADIGM);
      await expect(request(demoUrl('PARADIGM'), { headers, dispatcher })).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
      const next = await request(demoUrl('PARADIGM'), { headers, dispatcher });
      expect(next.statusCode).toBe(200);
      await next.body.dump();
    });
  });

  it('then sends the real answer, unchanged', async () => {
    const normal = withoutDate(await call(sandbox, 'KADOA', SESSION_PATH.KADOA('crawl-demo-1')));
    sandbox.faults.set('KADOA', { kind: 'delayHeaders', ms: 20 }, { times: 1 });
    expect(withoutDate(await call(sandbox, 'KADOA', SESSION_PATH.KADOA('crawl-demo-1')))).toEqual(normal);
  });
});

describe('slowBody', () => {
  it('sends the headers and the first half of the real body, then stalls past a client bodyTimeout', async () => {
    const whole = (await call(sandbox, 'DEEPSET', SESSION_PATH.DEEPSET(DEMO.DEEPSET))).text;
    sandbox.faults.set('DEEPSET', { kind: 'slowBody', ms: 60_000 }, { times: 1 });
    await withAgent({ bodyTimeout: 100 }, async (dispatcher) => {
      const response = await request(demoUrl('DEEPSET'), { headers: authHeaders('DEEPSET', sandbox.keys.DEEPSET), dispatcher });
      expect({ status: response.statusCode, length: response.headers['content-length'] }).toEqual({ status: 200, length: String(whole.length) });
      let received = '';
      const failure = await (async () => {
        for await (const chunk of response.body) received += String(chunk);
      })().catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'UND_ERR_BODY_TIMEOUT' });
      expect(received).toBe(whole.slice(0, Math.floor(whole.length / 2)));
    });
  });

  it('completes the real body after the pause', async () => {
    const normal = withoutDate(await call(sandbox, 'PING', SESSION_PATH.PING('vpn-demo-2')));
    sandbox.faults.set('PING', { kind: 'slowBody', ms: 20 }, { times: 1 });
    expect(withoutDate(await call(sandbox, 'PING', SESSION_PATH.PING('vpn-demo-2')))).toEqual(normal);
  });
});

describe('reset', () => {
  it('destroys the socket without an answer, logs status 0, and the sandbox keeps serving', async () => {
    sandbox.faults.set('PING', { kind: 'reset' }, { times: 1 });
    await expect(call(sandbox, 'PING', SESSION_PATH.PING('vpn-demo-1'))).rejects.toMatchObject({
      code: expect.stringMatching(/^(UND_ERR_SOCKET|ECONNRESET)$/),
    });
    expect((await call(sandbox, 'PING', SESSION_PATH.PING('vpn-demo-1'))).status).toBe(200);
    expect(sandbox.requests.map(({ provider, status }) => [provider, status])).toEqual([
      ['PING', 0],
      ['PING', 200],
    ]);
  });
});

describe('invalidJson', () => {
  it.each(PROVIDERS)('%s: 200 with a JSON content type and a body that does not parse', async (provider) => {
    sandbox.faults.set(provider, { kind: 'invalidJson' }, { times: 1 });
    const response = await call(sandbox, provider, SESSION_PATH[provider](DEMO[provider]));
    expect({ status: response.status, type: response.headers['content-type'] }).toEqual({ status: 200, type: 'application/json' });
    expect(response.text.length).toBeGreaterThan(10);
    expect(() => JSON.parse(response.text)).toThrow(SyntaxError);
  });
});

describe('hugeBody', () => {
  const BYTES = 3_000_000;

  it.each(PROVIDERS)('%s: about that many bytes of contract-valid JSON, chunked', async (provider) => {
    sandbox.faults.set(provider, { kind: 'hugeBody', bytes: BYTES }, { times: 1 });
    const path = SESSION_PATH[provider](DEMO[provider]);
    const response = await call(sandbox, provider, path);
    expect({ status: response.status, length: response.headers['content-length'], encoding: response.headers['transfer-encoding'] }).toEqual({
      status: 200,
      length: undefined,
      encoding: 'chunked',
    });
    expect(Buffer.byteLength(response.text)).toBe(BYTES);
    expect(responseValidator(provider, 'GET', path, 200).problems(JSON.parse(response.text))).toEqual([]);
  });

  it('survives a client that hangs up mid-stream', async () => {
    sandbox.faults.set('KADOA', { kind: 'hugeBody', bytes: 200_000_000 }, { times: 1 });
    let unsubscribe = (): void => {};
    const logged = new Promise((resolve) => {
      unsubscribe = sandbox.onRequest(resolve);
    }).finally(() => unsubscribe());
    const response = await request(demoUrl('KADOA'), { headers: authHeaders('KADOA', sandbox.keys.KADOA) });
    for await (const chunk of response.body) {
      expect(String(chunk)).toMatch(/^\{"sessionId":"crawl-demo-1"/);
      break;
    }
    expect(await logged).toMatchObject({ provider: 'KADOA', status: 200 });
    expect((await call(sandbox, 'KADOA', SESSION_PATH.KADOA('crawl-demo-1'))).status).toBe(200);
  });
});
