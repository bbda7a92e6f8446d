import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

describe('per-request batching and de-duplication', () => {
  it('makes exactly 1 upstream call for 20 aliases of the same session', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: session(id: $id) { id state }`).join('\n');
    const result = await gw.query<Record<string, unknown>>(`query ($id: ID!) { ${aliases} }`, { id: gid(DEMO.kadoaCrawling) });
    expect(result.errors).toBeUndefined();
    expect(Object.keys(result.data!)).toHaveLength(20);
    expect(gw.sandbox.requestCount('KADOA')).toBe(1);
  });

  it('shares one call across session, node, nodes, fragments and the provider field', async () => {
    const id = gid(DEMO.deepsetOpen);
    const result = await gw.query<any>(
      `query ($id: ID!) {
        session(id: $id) { ...F }
        node(id: $id) { ... on Session { ...F } }
        nodes(ids: [$id, $id, $id]) { id }
        deepsetUploadSession(workspace: "demo", sessionId: "D0000000-0000-4000-8000-000000000001") { ...F }
      }
      fragment F on Session { id state }`,
      { id },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.nodes).toEqual([{ id }, { id }, { id }]);
    expect(gw.sandbox.requestCount('DEEPSET')).toBe(1);
  });

  it('does not share loaders between requests', async () => {
    const query = 'query ($id: ID!) { session(id: $id) { id } }';
    await gw.query(query, { id: gid(DEMO.pingMoving) });
    await gw.query(query, { id: gid(DEMO.pingMoving) });
    expect(gw.sandbox.requestCount('PING')).toBe(2);
  });
});
