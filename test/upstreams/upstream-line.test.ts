import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { BudgetRefusal, isBudgetRefusal } from '../../src/upstreams/budget/budget-refusal.js';
import { createUpstreamLine, type Admission, type LineCall } from '../../src/upstreams/http/upstream-line.js';
import type { Provider } from '../../src/upstreams/provider.js';
import { UpstreamError } from '../../src/upstreams/upstream-error.js';
import { createUpstreams, type Upstreams, type UpstreamTarget } from '../../src/upstreams/upstreams.js';
import { DEMO } from '../support/test-gateway.js';

let sandbox: Sandbox;
let upstreams: Upstreams;
const admitted: [Provider, Omit<LineCall, 'signal'>][] = [];
let refuse = false;
/** Refuse only a retry's admission: the first attempt goes out. */
let refuseRetries = false;

/** What issue #15's rate budget will be: it sees every call before anything is sent, and may refuse it. */
const admit: Admission = (provider, { signal: _signal, deadlineAt: _deadlineAt, clientId: _clientId, ...call }) => {
  admitted.push([provider, call]);
  if (refuse || (refuseRetries && call.retry !== undefined)) throw new BudgetRefusal(provider, 250, 'over budget');
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
  refuseRetries = false;
});

describe('the upstream line', () => {
  it('admits every attempt, the retry too, so a retry spends the budget like any request', async () => {
    sandbox.faults.set('PING', { kind: 'status', status: 503 }, { times: 1 });
    const session = await upstreams.clients.PING.get(DEMO.pingMoving as never, { credential: sandbox.keys.PING, purpose: 'query' });
    expect(session.provider).toBe('PING');
    expect(admitted).toEqual([
      ['PING', { method: 'GET', idempotent: true, purpose: 'query' }],
      ['PING', { method: 'GET', idempotent: true, purpose: 'query', retry: 1 }],
    ]);
    expect(sandbox.requestCount('PING')).toBe(2);
  });

  it("answers the provider's failure when a retry finds no room in the budget, and sends nothing more", async () => {
    sandbox.faults.set('PING', { kind: 'status', status: 503 }, { times: 1 });
    refuseRetries = true;
    const failure = await upstreams.clients.PING.get(DEMO.pingMoving as never, { credential: sandbox.keys.PING, purpose: 'query' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(isBudgetRefusal(failure)).toBe(false);
    expect(failure).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'PING', upstreamStatus: 503 });
    expect(admitted).toHaveLength(2);
    expect(sandbox.requestCount('PING')).toBe(1);
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
      message: 'over budget; retry after 250 ms',
    });
    expect(admitted).toHaveLength(1);
    expect(sandbox.requestCount('KADOA')).toBe(0);
  });
});

describe("the line's own refusals", () => {
  const guard = loadConfig({ SANDBOX: '1', UPSTREAM_RETRY_BASE_MS: '1' }).upstreamGuard;
  const call = { method: 'GET', idempotent: true, purpose: 'query', signal: undefined } as const;

  it('never retries a budget refusal: it sent nothing, and the budget is still spent', async () => {
    const line = createUpstreamLine('KADOA', guard);
    let attempts = 0;
    const refusal = line.run(call, () => {
      attempts += 1;
      return Promise.reject(new BudgetRefusal('KADOA', 10, 'spent'));
    });
    await expect(refusal).rejects.toBeInstanceOf(BudgetRefusal);
    expect(attempts).toBe(1);
  });

  it('answers RATE_LIMITED, not a masked abort, when the deadline passes while admission holds the call', async () => {
    const waitUntilAborted: Admission = (_provider, { signal }) =>
      new Promise((_resolve, reject) => signal!.addEventListener('abort', () => reject(signal!.reason), { once: true }));
    for (const line of [createUpstreamLine('KADOA', guard, { admit: waitUntilAborted }), createUpstreamLine('KADOA', undefined, { admit: waitUntilAborted })]) {
      const deadline = new AbortController();
      let sent = 0;
      const answer = line.run({ ...call, signal: deadline.signal }, () => Promise.resolve((sent += 1)));
      const outcome = answer.catch((error: unknown) => error);
      deadline.abort(new DOMException('The request deadline passed', 'TimeoutError'));
      const refusal = await outcome;
      expect(isBudgetRefusal(refusal)).toBe(true);
      expect(refusal).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 1_000 });
      expect(sent).toBe(0);
    }
  });

  it("does not charge the breaker's half-open probe for a refusal that sent nothing", async () => {
    let now = 0;
    let refuseNext = false;
    const states: string[] = [];
    const line = createUpstreamLine('KADOA', { ...guard, retry: { ...guard.retry, maxRetries: 0 } }, {
      now: () => now,
      observer: { onBreakerState: ({ state }) => states.push(state) },
      admit: () => {
        if (refuseNext) throw new BudgetRefusal('KADOA', 10, 'spent');
      },
    });
    const fail = () => line.run(call, () => Promise.reject(new UpstreamError('UPSTREAM_UNAVAILABLE', 'KADOA', 'down', { upstreamStatus: 503 })));
    while (!states.includes('open')) await fail().catch(() => undefined);
    now += guard.breaker.openMs;
    refuseNext = true;
    await expect(line.run(call, () => Promise.resolve('sent'))).rejects.toBeInstanceOf(BudgetRefusal);
    refuseNext = false;
    // The refusal took no probe: the next call is the half-open probe, and its success closes the breaker.
    await expect(line.run(call, () => Promise.resolve('sent'))).resolves.toBe('sent');
    expect(states.at(-1)).toBe('closed');
  });
});
