import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionPollKey } from '../../src/live/session-poll-target.js';
import { subscribe, type SubscriptionStream, type Transport } from '../support/subscription-clients.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const SESSION_UPDATED = `subscription ($id: ID!) {
  sessionUpdated(id: $id) { id state providerStatus isTerminal ... on KadoaCrawlSession { crawledPages finished } ... on DeepsetUploadSession { status } }
}`;
const SESSIONS_UPDATED = `subscription ($ids: [ID!]!) {
  sessionsUpdated(ids: $ids) { id session { state } degraded { code provider retryInMs } failed { code provider } }
}`;

let gw: TestGateway;
const open: SubscriptionStream<any>[] = [];
beforeAll(async () => {
  gw = await startTestGateway({ POLL_INTERVAL_MS: '100', POLL_MAX_INTERVAL_MS: '100' });
});
afterAll(() => gw.close());
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await vi.waitFor(() => expect(gw.hub.stats()).toMatchObject({ activePollers: 0, activeSubscriptions: 0 }));
  gw.sandbox.reset();
});

async function watch(transport: Transport, query: string, variables: Record<string, unknown>) {
  const stream = await subscribe<any>(transport, gw.url, query, variables);
  open.push(stream);
  return stream;
}

describe.each<Transport>(['sse', 'ws'])('subscriptions over %s', (transport) => {
  it('emits the session at once, then each change, then completes at the terminal state', async () => {
    const stream = await watch(transport, SESSION_UPDATED, { id: gid(DEMO.kadoaCrawling) });
    const first = await stream.next();
    expect(first).toEqual({ data: { sessionUpdated: { id: gid(DEMO.kadoaCrawling), state: 'PROCESSING', providerStatus: 'crawling', isTerminal: false, crawledPages: 0, finished: false } } });
    const pages = [0];
    for (let i = 0; i < 20; i += 1) {
      gw.sandbox.tick();
      const event = await stream.next();
      const session = event!.data!.sessionUpdated;
      pages.push(session.crawledPages);
      if (session.isTerminal) {
        expect(session).toMatchObject({ state: 'COMPLETED', finished: true });
        break;
      }
    }
    // Every tick changed crawledPages, and each change arrived exactly once, in order.
    expect(pages).toEqual(pages.map((_, i) => i));
    expect(await stream.next()).toBeNull();
  });

  it('never emits for a poll that changed nothing', async () => {
    const stream = await watch(transport, SESSION_UPDATED, { id: gid(DEMO.kadoaCrawling) });
    await stream.next();
    const polls = gw.hub.stats().polls.KADOA;
    await vi.waitFor(() => expect(gw.hub.stats().polls.KADOA).toBeGreaterThanOrEqual(polls + 3));
    gw.sandbox.tick();
    expect((await stream.next())!.data!.sessionUpdated.crawledPages).toBe(1);
  });

  it('rides out a transient upstream failure and carries on', async () => {
    const stream = await watch(transport, SESSION_UPDATED, { id: gid(DEMO.kadoaCrawling) });
    await stream.next();
    gw.sandbox.faults.set('KADOA', { kind: 'status', status: 503 }, { times: 2 });
    gw.sandbox.tick();
    expect((await stream.next())!.data!.sessionUpdated.crawledPages).toBe(1);
    expect(gw.sandbox.requestCount('KADOA', { method: 'GET' })).toBeGreaterThanOrEqual(3);
  });

  it('says at once that the upstream is failing, keeps watching, and sends the session again once it recovers', async () => {
    gw.sandbox.faults.set('KADOA', { kind: 'reset' });
    const stream = await watch(transport, SESSION_UPDATED, { id: gid(DEMO.kadoaCrawling) });
    const failing = await stream.next();
    expect(failing).toMatchObject({ data: null, errors: [{ path: ['sessionUpdated'], extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'KADOA' } }] });
    expect(failing!.errors).toHaveLength(1);
    gw.sandbox.faults.clear('KADOA');
    expect(await stream.next()).toEqual({ data: { sessionUpdated: expect.objectContaining({ state: 'PROCESSING', crawledPages: 0 }) } });

    gw.sandbox.faults.set('KADOA', { kind: 'status', status: 503 });
    expect(await stream.next()).toMatchObject({ errors: [{ extensions: { code: 'UPSTREAM_UNAVAILABLE', upstreamStatus: 503 } }] });
    gw.sandbox.faults.clear('KADOA');
    // Unchanged, but sent again: the client learns the failure is over.
    expect(await stream.next()).toEqual({ data: { sessionUpdated: expect.objectContaining({ crawledPages: 0 }) } });
    gw.sandbox.tick();
    expect((await stream.next())!.data!.sessionUpdated.crawledPages).toBe(1);
  });

  it('sends an event only when a field the client selected changed', async () => {
    const stateOnly = await watch(transport, 'subscription ($id: ID!) { sessionUpdated(id: $id) { state } }', { id: gid(DEMO.kadoaCrawling) });
    const everyChange = await watch(transport, SESSION_UPDATED, { id: gid(DEMO.kadoaCrawling) });
    expect(await stateOnly.next()).toEqual({ data: { sessionUpdated: { state: 'PROCESSING' } } });
    await everyChange.next();
    // The poller both share saw each page count, as the subscriber of every field shows; the state changed once.
    let changes = 0;
    for (let terminal = false; !terminal; changes += 1) {
      gw.sandbox.tick();
      terminal = (await everyChange.next())!.data!.sessionUpdated.isTerminal;
    }
    expect(changes).toBeGreaterThan(2);
    expect(await stateOnly.next()).toEqual({ data: { sessionUpdated: { state: 'COMPLETED' } } });
    expect(await stateOnly.next()).toBeNull();
  });

  it('keeps that check per session on a stream of many', async () => {
    const ids = [gid(DEMO.kadoaCrawling), gid(DEMO.pingMoving)];
    const stream = await watch(transport, 'subscription ($ids: [ID!]!) { sessionsUpdated(ids: $ids) { id session { state } } }', { ids });
    const everyChange = await watch(transport, SESSION_UPDATED, { id: ids[0] });
    const firsts = [(await stream.next())!.data!.sessionsUpdated, (await stream.next())!.data!.sessionsUpdated];
    expect(firsts.map((u: any) => u.id).sort()).toEqual([...ids].sort());
    await everyChange.next();
    for (let terminal = false; !terminal; ) {
      gw.sandbox.tick();
      terminal = (await everyChange.next())!.data!.sessionUpdated.isTerminal;
    }
    // Ping's counters moved on every tick, its state once; Kadoa's pages on every tick, its state once.
    const rest: unknown[] = [];
    while (!rest.some((u: any) => u.id === ids[0])) rest.push((await stream.next())!.data!.sessionsUpdated);
    expect(rest).toEqual([
      { id: ids[1], session: { state: 'ACTIVE' } },
      { id: ids[0], session: { state: 'COMPLETED' } },
    ]);
  });

  it('ends the stream with a coded error on a permanent failure', async () => {
    const stream = await watch(transport, SESSION_UPDATED, { id: gid(DEMO.kadoaCrawling) });
    await stream.next();
    gw.sandbox.faults.set('KADOA', { kind: 'status', status: 404 });
    gw.sandbox.tick();
    const event = await stream.next();
    expect(event!.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', provider: 'KADOA' });
    expect(await stream.next()).toBeNull();
  });

  it('refuses a malformed id with INVALID_INPUT and starts no poller', async () => {
    const stream = await watch(transport, SESSION_UPDATED, { id: 'nope' });
    const event = await stream.next();
    expect(event!.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('watches many sessions on one stream and reports degradation and permanent failure per session', async () => {
    const ids = [gid(DEMO.kadoaCrawling), gid(DEMO.pingMoving), gid({ provider: 'KADOA', sessionId: 'no-such-crawl' })];
    const stream = await watch(transport, SESSIONS_UPDATED, { ids });
    const seen = new Map<string, any[]>();
    const take = async (n: number) => {
      for (let i = 0; i < n; i += 1) {
        const update = (await stream.next())!.data!.sessionsUpdated;
        seen.set(update.id, [...(seen.get(update.id) ?? []), update]);
      }
    };
    await take(3);
    expect(seen.get(ids[0]!)![0]).toEqual({ id: ids[0], session: { state: 'PROCESSING' }, degraded: null, failed: null });
    expect(seen.get(ids[1]!)![0]).toEqual({ id: ids[1], session: { state: 'PENDING' }, degraded: null, failed: null });
    expect(seen.get(ids[2]!)![0]).toEqual({ id: ids[2], session: null, degraded: null, failed: { code: 'NOT_FOUND', provider: 'KADOA' } });

    gw.sandbox.faults.set('PING', { kind: 'status', status: 503 });
    await vi.waitFor(async () => {
      await take(1);
      expect(seen.get(ids[1]!)!.at(-1)).toMatchObject({ degraded: { code: 'UPSTREAM_UNAVAILABLE', provider: 'PING' }, session: { state: 'PENDING' } });
    });
    gw.sandbox.faults.clear('PING');
    await vi.waitFor(async () => {
      await take(1);
      expect(seen.get(ids[1]!)!.at(-1)).toMatchObject({ degraded: null });
    });
  });
});

describe('a provider that cannot be reached at all', () => {
  it('tells every subscriber at once, a late one too, instead of sending nothing', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await startTestGateway({ PING_BASE_URL: `http://127.0.0.1:${port}`, PING_API_KEY: 'ping-key-0123456789', POLL_INTERVAL_MS: '100', SANDBOX: '0' });
    try {
      const unavailable = { data: null, errors: [{ message: expect.any(String), path: ['sessionUpdated'], extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'PING' } }] };
      const first = await subscribe<any>('sse', unreachable.url, 'subscription ($id: ID!) { sessionUpdated(id: $id) { state } }', { id: gid(DEMO.pingMoving) });
      expect(await first.next()).toMatchObject(unavailable);
      const late = await subscribe<any>('ws', unreachable.url, 'subscription ($id: ID!) { sessionUpdated(id: $id) { state } }', { id: gid(DEMO.pingMoving) });
      expect(await late.next()).toMatchObject(unavailable);
      await Promise.all([first.close(), late.close()]);
    } finally {
      await unreachable.close();
    }
  });
});

describe('shared polling', () => {
  it('serves 30 subscribers of one session, over both transports, from one upstream poll per interval', async () => {
    const slow = await startTestGateway({ POLL_INTERVAL_MS: '3600000', POLL_MAX_INTERVAL_MS: '3600000' });
    try {
      const streams = await Promise.all(
        Array.from({ length: 30 }, (_, i) => subscribe<any>(i % 2 ? 'ws' : 'sse', slow.url, SESSION_UPDATED, { id: gid(DEMO.kadoaCrawling) })),
      );
      const firsts = await Promise.all(streams.map((s) => s.next()));
      expect(new Set(firsts.map((f) => f!.data!.sessionUpdated.crawledPages))).toEqual(new Set([0]));
      expect(slow.sandbox.requestCount('KADOA')).toBe(1);
      expect(slow.hub.stats()).toMatchObject({ activePollers: 1, activeSubscriptions: 30 });

      slow.sandbox.tick();
      slow.hub.pokeNow(sessionPollKey(DEMO.kadoaCrawling, slow.sandbox.keys.KADOA));
      const seconds = await Promise.all(streams.map((s) => s.next()));
      expect(new Set(seconds.map((f) => f!.data!.sessionUpdated.crawledPages))).toEqual(new Set([1]));
      expect(slow.sandbox.requestCount('KADOA')).toBe(2);

      await Promise.all(streams.map((s) => s.close()));
      await vi.waitFor(() => expect(slow.hub.stats()).toMatchObject({ activePollers: 0, activeSubscriptions: 0 }));
    } finally {
      await slow.close();
    }
  });

  it('polls again at once after closeSession on a watched session', async () => {
    const slow = await startTestGateway({ POLL_INTERVAL_MS: '3600000', POLL_MAX_INTERVAL_MS: '3600000' });
    try {
      const stream = await subscribe<any>('sse', slow.url, SESSION_UPDATED, { id: gid(DEMO.deepsetOpen) });
      expect((await stream.next())!.data!.sessionUpdated).toMatchObject({ status: 'OPEN', state: 'OPEN' });
      const closed = await slow.query<any>('mutation ($id: ID!) { closeSession(id: $id) { __typename } }', { id: gid(DEMO.deepsetOpen) });
      expect(closed.data.closeSession.__typename).toBe('CloseSessionSuccess');
      expect((await stream.next())!.data!.sessionUpdated).toMatchObject({ status: 'CLOSED', state: 'PROCESSING' });
      await stream.close();
    } finally {
      await slow.close();
    }
  });
});
