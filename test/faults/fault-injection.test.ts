import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionPollKey } from '../../src/live/session-poll-target.js';
import type { Fault } from '../../src/sandbox/faults.js';
import type { UpstreamErrorCode } from '../../src/upstreams/upstream-error.js';
import { DEMO, gid, startTestGateway, type GraphQLResponse, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ UPSTREAM_HEADERS_TIMEOUT_MS: '300', UPSTREAM_BODY_TIMEOUT_MS: '300', UPSTREAM_MAX_BODY_BYTES: '65536' });
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

const SESSION = 'query ($id: ID!) { session(id: $id) { id state } }';
/** Timers keeping the event loop alive (unref'd ones, like the request deadline's, are not listed; see request-deadline.test.ts). */
const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

/** [name, fault on Kadoa, code, upstream attempts: 3 for what is retried, 1 for what is not] */
const FAULTS: [string, Fault, UpstreamErrorCode, number][] = [
  ['slow headers (timeout)', { kind: 'delayHeaders', ms: 5_000 }, 'UPSTREAM_TIMEOUT', 1],
  ['a stalled body (timeout)', { kind: 'slowBody', ms: 5_000 }, 'UPSTREAM_TIMEOUT', 1],
  ['500', { kind: 'status', status: 500 }, 'UPSTREAM_UNAVAILABLE', 3],
  ['503 with Retry-After: 1', { kind: 'status', status: 503, retryAfterSeconds: 1 }, 'UPSTREAM_UNAVAILABLE', 3],
  ['429 with Retry-After: 1 (honoured, then retried)', { kind: 'status', status: 429, retryAfterSeconds: 1 }, 'RATE_LIMITED', 3],
  ['429 with Retry-After: 60 (longer than the gateway waits: not retried)', { kind: 'status', status: 429, retryAfterSeconds: 60 }, 'RATE_LIMITED', 1],
  ['a connection reset', { kind: 'reset' }, 'UPSTREAM_UNAVAILABLE', 3],
  ['invalid JSON', { kind: 'invalidJson' }, 'UPSTREAM_BAD_RESPONSE', 1],
  ['JSON that breaks the contract', { kind: 'contractViolation' }, 'UPSTREAM_BAD_RESPONSE', 1],
  ['a 20 MB body', { kind: 'hugeBody', bytes: 20_000_000 }, 'UPSTREAM_BAD_RESPONSE', 1],
];

describe('fault injection against the sandbox', () => {
  it.each(FAULTS)('%s: the right code, the other providers served throughout, nothing left open', async (_name, fault, code, attempts) => {
    const baselineTimers = timers();
    gw.sandbox.faults.set('KADOA', fault);
    let settled = false;
    const faulted = gw.post({ query: SESSION, variables: { id: gid(DEMO.kadoaCrawling) } }).finally(() => (settled = true));

    const healthy: GraphQLResponse<any>[] = [];
    do healthy.push(await gw.query<any>(SESSION, { id: gid(DEMO.pingMoving) }));
    while (!settled);
    expect(healthy.every((r) => r.errors === undefined && r.data.session.state === 'PENDING')).toBe(true);

    const { status, body } = await faulted;
    expect(status).toBe(200);
    expect(body.data).toEqual({ session: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['session'], extensions: expect.objectContaining({ code, provider: 'KADOA' }) })]);
    const text = JSON.stringify(body);
    expect(text).not.toContain(gw.sandbox.keys.KADOA);
    expect(text).not.toMatch(/__sandbox_padding__|xxxxxxxx|Internal Server Error|Too Many Requests|stack|\.ts:/);

    // Every attempt was ended by the gateway: a socket it kept open would only be logged when the fault's delay ran out.
    await vi.waitFor(() => expect(gw.sandbox.requestCount('KADOA')).toBe(attempts));
    gw.sandbox.faults.clear();
    // Nothing that keeps the process alive (a retry sleep, an undici timer) outlives the request.
    await vi.waitFor(() => expect(timers()).toBeLessThanOrEqual(baselineTimers));
    // And the provider itself is served again at once.
    expect((await gw.query<any>(SESSION, { id: gid(DEMO.kadoaCrawling) })).data.session.state).toBe('PROCESSING');
  });

  it('keeps a watched session alive through a failed poll, then carries on', async () => {
    // A gateway of its own: the 429s above (Retry-After: 60) rightly keep the shared one's Kadoa polls off for a minute.
    const gw = await startTestGateway();
    const SUBSCRIPTION = 'subscription ($ids: [ID!]!) { sessionsUpdated(ids: $ids) { id session { state } degraded { code } failed { code } } }';
    const response = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: SUBSCRIPTION, variables: { ids: [gid(DEMO.kadoaCrawling)] } }),
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    const nextEvent = async (): Promise<any> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) return JSON.parse(data).data.sessionsUpdated;
          continue;
        }
        const chunk = await reader.read();
        if (chunk.done) return null;
        buffer += chunk.value;
      }
    };
    const pollKey = sessionPollKey(DEMO.kadoaCrawling, gw.sandbox.keys.KADOA);
    try {
      expect(await nextEvent()).toMatchObject({ session: { state: 'PROCESSING' }, degraded: null, failed: null });
      // Three resets are one failed poll: the first attempt and its two retries.
      gw.sandbox.faults.set('KADOA', { kind: 'reset' }, { times: 3 });
      gw.sandbox.tick();
      gw.hub.pokeNow(pollKey);
      expect(await nextEvent()).toMatchObject({ session: { state: 'PROCESSING' }, degraded: { code: 'UPSTREAM_UNAVAILABLE' }, failed: null });
      expect(gw.sandbox.requestCount('KADOA')).toBe(4);
      gw.hub.pokeNow(pollKey);
      expect(await nextEvent()).toMatchObject({ session: { state: 'PROCESSING' }, degraded: null, failed: null });
    } finally {
      await reader.cancel();
      await gw.close();
    }
  });
});
