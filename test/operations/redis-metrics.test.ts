import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REDIS_URL, redisIsAvailable } from '../scale-out/redis-test-env.js';
import { subscribeSse } from '../support/subscription-clients.js';
import { gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { KADOA_STUB_KEY, startKadoaStub, type KadoaStub } from './kadoa-stub.js';

const available = await redisIsAvailable('operations: Redis leader metrics');

describe.skipIf(!available)('Redis leader metrics with a real Redis', () => {
  let stub: KadoaStub;
  let gw: TestGateway;
  beforeAll(async () => {
    stub = await startKadoaStub();
    gw = await startTestGateway({ SANDBOX: '0', KADOA_BASE_URL: stub.url, KADOA_API_KEY: KADOA_STUB_KEY, REDIS_URL });
  });
  afterAll(async () => {
    await gw.close();
    await stub.close();
  });

  const redisGauges = async () => {
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    return Object.fromEntries(text.split('\n').filter((l) => l.startsWith('sessiongraph_redis_')).map((l) => l.split(' ') as [string, string]));
  };

  it('shows this replica connected, then leading the session it polls, then leading nothing', async () => {
    expect(await redisGauges()).toEqual({ sessiongraph_redis_connected: '1', sessiongraph_redis_leader: '0', sessiongraph_redis_leader_keys: '0' });

    // A session no other test polls, so no other replica on this Redis can hold its lease.
    const stream = await subscribeSse<any>(gw.url, 'subscription ($id: ID!) { sessionUpdated(id: $id) { id } }', {
      id: gid({ provider: 'KADOA', sessionId: `crawl-${randomUUID()}` }),
    });
    await stream.next();
    expect(await redisGauges()).toEqual({ sessiongraph_redis_connected: '1', sessiongraph_redis_leader: '1', sessiongraph_redis_leader_keys: '1' });

    await stream.close();
    await vi.waitFor(async () => expect(await redisGauges()).toMatchObject({ sessiongraph_redis_leader: '0', sessiongraph_redis_leader_keys: '0' }));
  });
});
