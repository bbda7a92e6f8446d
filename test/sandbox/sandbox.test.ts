import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSandbox, type Sandbox, type SandboxRequest } from '../../src/sandbox/sandbox.js';
import { authHeaders, call, closeDeepset, getSession, SESSION_PATH } from './sandbox-client.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('request log', () => {
  it('records every request once its response finished, whatever the outcome', async () => {
    await call(sandbox, 'PING', `${SESSION_PATH.PING('vpn-demo-1')}?verbose=1`);
    await call(sandbox, 'KADOA', SESSION_PATH.KADOA('nope'));
    await closeDeepset(sandbox, 'd0000000-0000-4000-8000-000000000001');
    await call(sandbox, 'PARADIGM', SESSION_PATH.PARADIGM('x'), { headers: {} });
    expect(sandbox.requests).toEqual([
      { provider: 'PING', method: 'GET', path: '/customer/v2/sessions/vpn-demo-1/status?verbose=1', status: 200, at: expect.any(Number) },
      { provider: 'KADOA', method: 'GET', path: '/v4/crawl/nope/status', status: 404, at: expect.any(Number) },
      { provider: 'DEEPSET', method: 'PUT', path: '/api/v1/workspaces/demo/upload_sessions/d0000000-0000-4000-8000-000000000001', status: 204, at: expect.any(Number) },
      { provider: 'PARADIGM', method: 'GET', path: '/api/v2/upload-session/x', status: 401, at: expect.any(Number) },
    ]);
  });

  it('counts by provider, method and path fragment', async () => {
    await getSession(sandbox, 'DEEPSET', 'd0000000-0000-4000-8000-000000000002');
    await getSession(sandbox, 'DEEPSET', 'd0000000-0000-4000-8000-000000000003');
    await closeDeepset(sandbox, 'd0000000-0000-4000-8000-000000000001');
    expect([
      sandbox.requestCount('DEEPSET'),
      sandbox.requestCount('DEEPSET', { method: 'put' }),
      sandbox.requestCount('DEEPSET', { method: 'GET', pathIncludes: '0003' }),
      sandbox.requestCount('DEEPSET', { pathIncludes: '0004' }),
      sandbox.requestCount('PING'),
    ]).toEqual([3, 1, 1, 0, 0]);
  });

  it('is emptied by reset()', async () => {
    await getSession(sandbox, 'PING', 'vpn-demo-2');
    sandbox.reset();
    expect(sandbox.requests).toEqual([]);
  });
});

describe('onRequest', () => {
  it('lets a test await a request instead of sleeping, and stops after unsubscribe', async () => {
    const seen: SandboxRequest[] = [];
    const unsubscribe = sandbox.onRequest((logged) => seen.push(logged));
    const firstKadoa = new Promise<SandboxRequest>((resolve) => {
      const off = sandbox.onRequest((logged) => {
        if (logged.provider !== 'KADOA') return;
        off();
        resolve(logged);
      });
    });
    void request(`${sandbox.urls.KADOA}${SESSION_PATH.KADOA('crawl-demo-1')}`, { headers: authHeaders('KADOA', sandbox.keys.KADOA) }).then(
      ({ body }) => body.dump(),
    );
    expect(await firstKadoa).toMatchObject({ provider: 'KADOA', path: '/v4/crawl/crawl-demo-1/status', status: 200 });
    unsubscribe();
    await getSession(sandbox, 'PING', 'vpn-demo-1');
    expect(seen.map(({ provider }) => provider)).toEqual(['KADOA']);
  });

  it('keeps serving and notifying when a listener throws', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const offThrowing = sandbox.onRequest(() => {
      throw new Error('listener bug');
    });
    const seen: string[] = [];
    const offCounting = sandbox.onRequest(({ provider }) => seen.push(provider));
    try {
      expect((await call(sandbox, 'PING', SESSION_PATH.PING('vpn-demo-1'))).status).toBe(200);
      expect((await call(sandbox, 'PING', SESSION_PATH.PING('vpn-demo-1'))).status).toBe(200);
      expect(seen).toEqual(['PING', 'PING']);
      expect(errors).toHaveBeenCalledTimes(2);
    } finally {
      offThrowing();
      offCounting();
      errors.mockRestore();
    }
  });
});

describe('autoTickMs', () => {
  it('advances the demos on its own', async () => {
    const ticking = await startSandbox({ autoTickMs: 10 });
    try {
      await vi.waitFor(async () => {
        const { payload } = (await getSession(ticking, 'KADOA', 'crawl-demo-1')) as { payload: { crawledPages: number } };
        expect(payload.crawledPages).toBeGreaterThanOrEqual(2);
      });
    } finally {
      await ticking.close();
    }
  });

  it('rejects nonsense options', async () => {
    await expect(startSandbox({ autoTickMs: 0 })).rejects.toThrow(RangeError);
    await expect(startSandbox({ loopAfterTicks: -1 })).rejects.toThrow(RangeError);
  });
});

/**
 * Live servers and timers in this process; unref'd handles are not listed. A closed server's handle
 * leaves the list a loop turn after its close callback, hence the waitFor below.
 */
function handleCounts(): { servers: number; timers: number } {
  const resources = process.getActiveResourcesInfo();
  return {
    servers: resources.filter((name) => name === 'TCPServerWrap').length,
    timers: resources.filter((name) => name === 'Timeout').length,
  };
}

describe('close()', () => {
  it('cuts idle and stalled connections, clears its timers and stops listening', async () => {
    await vi.waitFor(() => expect(handleCounts().servers).toBe(4));
    const baseline = handleCounts();
    const closing = await startSandbox({ autoTickMs: 60_000 });
    const keepAlive = new Agent({ keepAliveTimeout: 60_000 });
    try {
      const idle = await request(`${closing.urls.DEEPSET}${SESSION_PATH.DEEPSET('d0000000-0000-4000-8000-000000000003')}`, {
        headers: authHeaders('DEEPSET', closing.keys.DEEPSET),
        dispatcher: keepAlive,
      });
      await idle.body.dump();

      // Sent over a raw socket so the test knows the request is on the wire before the round trip below.
      closing.faults.set('PING', { kind: 'delayHeaders', ms: 600_000 }, { times: 1 });
      const ping = new URL(closing.urls.PING);
      const stalled = connect(Number(ping.port), ping.hostname);
      await once(stalled, 'connect');
      const received: Buffer[] = [];
      stalled.on('data', (chunk: Buffer) => received.push(chunk));
      const stalledClosed = once(stalled, 'close');
      await new Promise<void>((resolve, reject) =>
        stalled.write(`GET ${ping.pathname}/sessions/vpn-demo-1/status HTTP/1.1\r\nHost: sandbox\r\nAuthorization: ${closing.keys.PING}\r\n\r\n`, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      // Once a later request to the same server has been answered, the stalled one was parsed and holds its timer.
      expect((await call(closing, 'PING', SESSION_PATH.PING('vpn-demo-2'))).status).toBe(200);
      // The two connections race, so the stalled request may be parsed (and its timer set) a moment later: wait for it.
      // Other timers of this worker (keep-alive sockets of earlier tests) may expire meanwhile, never appear: hence bounds.
      expect(handleCounts().servers).toBe(baseline.servers + 4);
      await vi.waitFor(() => expect(handleCounts().timers).toBeGreaterThanOrEqual(baseline.timers + 2));
      const holding = handleCounts().timers;

      await closing.close();
      await stalledClosed;
      expect(Buffer.concat(received).toString()).toBe('');
      // The cut request is logged when its response closes, which may come a turn after close() resolves.
      await vi.waitFor(() =>
        expect(closing.requests.map(({ provider, status }) => [provider, status])).toEqual([
          ['DEEPSET', 200],
          ['PING', 200],
          ['PING', 0],
        ]),
      );
      await vi.waitFor(() => expect(handleCounts().servers).toBe(baseline.servers));
      // Its two timers are gone: at least two fewer than while it held them, and no more than before it started.
      expect(handleCounts().timers).toBeLessThanOrEqual(Math.min(holding - 2, baseline.timers));
      await expect(call(closing, 'KADOA', SESSION_PATH.KADOA('crawl-demo-1'))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      await keepAlive.destroy();
      await closing.close();
    }
  });

  it('lets the process exit on its own, with keep-alive sockets, a stalled body and the tick timer in play', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/close-then-exit.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    try {
      const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
      expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
      expect(JSON.parse(stdout)).toEqual({ stalledBody: 'cut', logged: 5 });
    } finally {
      clearTimeout(killer);
    }
  });
});
