import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

// The embedded sandbox's demo sessions start over once finished, so `npm start` always moves. A
// terminal session is otherwise cached for TERMINAL_CACHE_TTL_MS (10 min by default); these pin
// that a restarted demo is read afresh, which the dashboard's recheck after "every watched
// session has reached its end" relies on.

describe('the sandbox tells who listens when finished demos start over', () => {
  it('names each demo restarted by the loop, and every provider on reset', async () => {
    const sandbox = await startSandbox({ loopAfterTicks: 2 });
    try {
      const restarts: [string, string | undefined][] = [];
      sandbox.onRestart((provider, sessionId) => restarts.push([provider, sessionId]));
      // crawl-demo-1 finishes after its 8 pages; two ticks later it starts over.
      sandbox.tick(9);
      expect(restarts.filter(([provider]) => provider === 'KADOA').map(([, id]) => id)).not.toContain('crawl-demo-1');
      sandbox.tick(2);
      expect(restarts).toContainEqual(['KADOA', 'crawl-demo-1']);
      restarts.length = 0;
      sandbox.reset();
      expect(restarts).toEqual([
        ['DEEPSET', undefined],
        ['PARADIGM', undefined],
        ['PING', undefined],
        ['KADOA', undefined],
      ]);
    } finally {
      await sandbox.close();
    }
  });
});

describe('a gateway on the embedded sandbox', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw.close());

  const READ = 'query ($id: ID!) { session(id: $id) { state isTerminal } }';

  it('reads a demo that restarted afresh, not from the terminal cache', async () => {
    gw.sandbox.tick(8);
    const id = gid(DEMO.kadoaCrawling);
    expect((await gw.query<any>(READ, { id })).data.session).toEqual({ state: 'COMPLETED', isTerminal: true });
    // Cached: a second read costs no call.
    const calls = gw.sandbox.requestCount('KADOA');
    expect((await gw.query<any>(READ, { id })).data.session).toEqual({ state: 'COMPLETED', isTerminal: true });
    expect(gw.sandbox.requestCount('KADOA')).toBe(calls);

    gw.sandbox.reset();
    expect((await gw.query<any>(READ, { id })).data.session).toEqual({ state: 'PROCESSING', isTerminal: false });
    expect(gw.sandbox.requestCount('KADOA')).toBe(1);
  });
});
