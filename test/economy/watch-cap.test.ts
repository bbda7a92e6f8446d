import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GraphQLEnumType } from 'graphql';
import { clientSchema } from '../../src/schema.js';
import { subscribeSse, subscribeWs } from '../support/subscription-clients.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ MAX_WATCHED_SESSIONS_PER_CLIENT: '3' });
});
afterAll(() => gw.close());

const MANY = 'subscription ($ids: [ID!]!) { sessionsUpdated(ids: $ids) { id } }';
const ONE = 'subscription ($id: ID!) { sessionUpdated(id: $id) { id } }';

describe('MAX_WATCHED_SESSIONS_PER_CLIENT', () => {
  it('refuses at subscribe time what goes over the cap, with its code, and counts a session again once released', async () => {
    const first = await subscribeSse<any>(gw.url, MANY, { ids: [gid(DEMO.pingMoving), gid(DEMO.kadoaCrawling)] });
    expect((await first.next())!.data!.sessionsUpdated.id).toBeDefined();

    // Over WebSocket too: the same client (its address), the same count.
    const over = subscribeWs<any>(gw.url, MANY, { ids: [gid(DEMO.paradigmMoving), gid(DEMO.deepsetOpen)] });
    const refused = await over.next();
    expect(refused!.errors).toEqual([
      expect.objectContaining({
        message: 'A client may watch at most 3 sessions at once; it watches 2 and asked for 2 more',
        extensions: { code: 'WATCH_LIMIT_EXCEEDED', limit: 3, watching: 2, requested: 2 },
      }),
    ]);
    await over.close();
    // The schema says its ErrorCode enum is what `extensions.code` holds, so a client's generated types must know this one.
    expect((clientSchema.getType('ErrorCode') as GraphQLEnumType).getValue('WATCH_LIMIT_EXCEEDED')).toBeDefined();

    // A session it already watches is free.
    const again = await subscribeSse<any>(gw.url, ONE, { id: gid(DEMO.pingMoving) });
    expect((await again.next())!.data!.sessionUpdated.id).toBe(gid(DEMO.pingMoving));
    expect(gw.hub.admissionStats().watchRefusals).toBe(1);

    await first.close();
    await again.close();
    // Released when the streams end (the ticket is given back before the hub unsubscribes): the whole cap is free again.
    await vi.waitFor(() => expect(gw.hub.stats().activeSubscriptions).toBe(0));
    const after = await subscribeSse<any>(gw.url, MANY, { ids: [gid(DEMO.paradigmMoving), gid(DEMO.deepsetOpen), gid(DEMO.kadoaCrawling)] });
    const next = await after.next();
    expect(next!.errors).toBeUndefined();
    await after.close();
  });
});
