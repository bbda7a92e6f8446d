import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import type { Admission, LineCall } from '../../src/upstreams/http/upstream-line.js';
import type { Provider } from '../../src/upstreams/provider.js';
import { UpstreamError } from '../../src/upstreams/upstream-error.js';
import { createUpstreams, type Upstreams, type UpstreamTarget } from '../../src/upstreams/upstreams.js';
import { DEMO } from '../support/test-gateway.js';

let sandbox: Sandbox;
let upstreams: Upstreams;
const admitted: [Provider, Omit<LineCall, 'signal'>][] = [];
let refuse = false;

/** What issue #15's rate budget will be: it sees every call before anything is sent, and may refuse it. */
const admit: Admission = (provider, { signal: _signal, ...call }) => {
  admitted.push([provider, call]);
  if (refuse) throw new UpstreamError('RATE_LIMITED', provider, 'over budget');
};

beforeAll(async () => {
  sandbox = await startSandbox({ autoTickMs: false });
  const config = loadConfig({ SANDBOX: '1', UPSTREAM_RETRY_BASE_MS: '10' });
  const targets = Object.fromEntries(Object.entries(sandbox.urls).map(([p, baseUrl]) => [p, { baseUrl, apiKey: sandbox.keys[p as Provider] }])) as Record<Provider, UpstreamTarget>;
  upstreams = createUpstreams(targets, config.http, { guard: config.upstreamGuard, admit });
});
afterAll(async () => {
  await upstreams.close();
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
  admitted.length = 0;
  refuse = false;
});

describe('the upstream line', () => {
  it('admits each call once, with its purpose, before any retry', async () => {
    sandbox.faults.set('PING', { kind: 'status', status: 503 }, { times: 1 });
    const session = await upstreams.clients.PING.get(DEMO.pingMoving as never, { credential: sandbox.keys.PING, purpose: 'poll' });
    expect(session.provider).toBe('PING');
    expect(admitted).toEqual([['PING', { method: 'GET', idempotent: true, purpose: 'poll' }]]);
    expect(sandbox.requestCount('PING')).toBe(2);
  });

  it('marks the close as not idempotent, and never retries it', async () => {
    sandbox.faults.set('DEEPSET', { kind: 'status', status: 503 }, { times: 1 });
    await expect(upstreams.clients.DEEPSET.close!(DEMO.deepsetOpen as never, { credential: sandbox.keys.DEEPSET, purpose: 'mutation' })).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    expect(admitted[0]).toEqual(['DEEPSET', { method: 'PUT', idempotent: false, purpose: 'mutation' }]);
    expect(sandbox.requestCount('DEEPSET', { method: 'PUT' })).toBe(1);
  });

  it('sends nothing when admission refuses, and the refusal reaches the caller as it was', async () => {
    refuse = true;
    await expect(upstreams.clients.KADOA.get(DEMO.kadoaCrawling as never, { credential: sandbox.keys.KADOA, purpose: 'query' })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      provider: 'KADOA',
      message: 'over budget',
    });
    expect(sandbox.requestCount('KADOA')).toBe(0);
  });
});
