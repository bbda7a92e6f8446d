import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphQLServer } from '../../src/gateway.js';
import { createPollerHub } from '../../src/live/poller-hub.js';
import { silentLogger } from '../../src/observability/logger.js';
import { createReadiness } from '../../src/observability/readiness.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

describe('/health and /ready', () => {
  it('answer 200 while the gateway takes traffic', async () => {
    const health = await fetch(`${gw.url}/health`);
    expect(health.status).toBe(200);
    await health.body?.cancel();
    const ready = await fetch(`${gw.url}/ready`);
    expect([ready.status, ready.headers.get('cache-control'), await ready.json()]).toEqual([200, 'no-store', { status: 'ready' }]);
  });

  it('never call an upstream, however often they are probed, even with every upstream down', async () => {
    for (const provider of ['DEEPSET', 'PARADIGM', 'PING', 'KADOA'] as const) gw.sandbox.faults.set(provider, { kind: 'status', status: 503 });
    const before = gw.sandbox.requests.length;
    const answers = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const response = await fetch(`${gw.url}/${i % 2 === 0 ? 'health' : 'ready'}`);
        await response.body?.cancel();
        return response.status;
      }),
    );
    expect(answers).toEqual(answers.map(() => 200));
    expect(gw.sandbox.requests.length).toBe(before);
    // The upstreams really are down: a query sees it, the probes did not.
    const result = await gw.query('query ($id: ID!) { session(id: $id) { id } }', { id: gid(DEMO.kadoaCrawling) });
    expect(result.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    gw.sandbox.reset();
  });
});

describe('readiness', () => {
  it('is 503 before listening and while draining, and 200 only in between', async () => {
    const readiness = createReadiness();
    const gateway = createGraphQLServer({
      upstreams: gw.upstreams,
      hub: createPollerHub(),
      credentials: gw.sandbox.keys,
      limits: { maxIdsPerField: 100 },
      logger: silentLogger(),
      readiness,
    });
    const probe = async () => {
      const response = await gateway.fetch('http://gateway/ready');
      return [response.status, await response.json()];
    };
    expect(await probe()).toEqual([503, { status: 'starting' }]);
    readiness.markReady();
    expect(await probe()).toEqual([200, { status: 'ready' }]);
    readiness.markDraining();
    expect(await probe()).toEqual([503, { status: 'draining' }]);
    readiness.markReady();
    expect(await probe()).toEqual([503, { status: 'draining' }]);
  });
});
