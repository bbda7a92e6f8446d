import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionPollKey } from '../../src/live/session-poll-target.js';
import { subscribeSse } from '../support/subscription-clients.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

const READ = 'query ($id: ID!) { session(id: $id) { id state isTerminal fetchedAt } }';

async function readTwenty(id: string) {
  const results = [];
  // One after another, each its own request: the per-request loader can't be what saves the calls.
  for (let i = 0; i < 20; i += 1) results.push(await gw.query<any>(READ, { id }));
  return results;
}

describe('reads that skip the provider', () => {
  it('answers 20 reads of a terminal session with 1 upstream call, each read the same', async () => {
    gw.sandbox.reset();
    const results = await readTwenty(gid(DEMO.kadoaFailed));
    expect(results[0]!.data!.session).toMatchObject({ state: 'FAILED', isTerminal: true });
    expect(results.every((result) => JSON.stringify(result) === JSON.stringify(results[0]))).toBe(true);
    expect(gw.sandbox.requestCount('KADOA')).toBe(1);
  });

  it('answers 20 reads of a just-404 session with 1 upstream call, each a NOT_FOUND', async () => {
    gw.sandbox.reset();
    const results = await readTwenty(gid({ provider: 'PING', sessionId: 'vpn-made-up' }));
    for (const result of results) {
      expect(result.data).toEqual({ session: null });
      expect(result.errors).toEqual([expect.objectContaining({ path: ['session'], extensions: expect.objectContaining({ code: 'NOT_FOUND', provider: 'PING' }) })]);
    }
    expect(gw.sandbox.requestCount('PING')).toBe(1);
  });

  it('answers a read of a watched live session from its poller while the snapshot is younger than the interval', async () => {
    gw.sandbox.reset();
    const stream = await subscribeSse<any>(gw.url, 'subscription ($id: ID!) { sessionUpdated(id: $id) { id state fetchedAt } }', { id: gid(DEMO.pingMoving) });
    try {
      const first = await stream.next();
      expect(gw.sandbox.requestCount('PING')).toBe(1);
      const snapshot = gw.hub.freshSnapshot<{ fetchedAt: Date }>(sessionPollKey(DEMO.pingMoving, gw.sandbox.keys.PING));
      // The interval (2 s by default) may have passed on a slow machine; then the read rightly calls the provider.
      const read = await gw.query<any>(READ, { id: gid(DEMO.pingMoving) });
      expect(read.data!.session.state).toBe(first!.data!.sessionUpdated.state);
      if (snapshot) {
        expect(read.data!.session.fetchedAt).toBe(first!.data!.sessionUpdated.fetchedAt);
        expect(gw.sandbox.requestCount('PING')).toBe(1);
        expect(gw.caches.stats().hits.snapshot).toBeGreaterThan(0);
      } else {
        expect(gw.sandbox.requestCount('PING')).toBe(2);
      }
    } finally {
      await stream.close();
    }
  });

  it('forgets a session closeSession changed, so the next read shows it closed', async () => {
    gw.sandbox.reset();
    const id = gid(DEMO.deepsetOpen);
    expect((await gw.query<any>(READ, { id })).data!.session.state).not.toBe('COMPLETED');
    const closed = await gw.query<any>('mutation ($id: ID!) { closeSession(id: $id) { __typename ... on CloseSessionSuccess { session { state isTerminal } } } }', { id });
    expect(closed.data!.closeSession.__typename).toBe('CloseSessionSuccess');
    const after = await gw.query<any>(READ, { id });
    expect(after.data!.session.isTerminal).toBe(closed.data!.closeSession.session.isTerminal);
    expect(after.data!.session.state).toBe(closed.data!.closeSession.session.state);
  });
});
