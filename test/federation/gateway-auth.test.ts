import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { composeSupergraph, startHiveGateway, type HiveGateway } from './hive-gateway.js';

// The two ways docs/federation.md gives a gateway in front of a sessiongraph with client auth on.
// Composing reads `_service`, which needs a key too (schemaHeaders; its 401 without one is in
// subgraph-settings.test.ts: mesh-compose exits the process on it, so it is not driven here).
const KEY = 'supergraph-key-0123456789';
const SESSION = '{ session(id: "kadoa:crawl-demo-1") { id state } }';
const OK = { data: { session: { id: gid(DEMO.kadoaCrawling), state: 'PROCESSING' } } };

let sessions: TestGateway;
const hives: HiveGateway[] = [];
beforeAll(async () => {
  sessions = await startTestGateway({ GATEWAY_API_KEYS: KEY });
});
afterAll(async () => {
  await Promise.all(hives.map((hive) => hive.close()));
  await sessions?.close();
});

async function throughHive(hive: HiveGateway, headers: Record<string, string> = {}): Promise<{ data?: any; errors?: any[] }> {
  const response = await fetch(`${hive.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query: SESSION }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

describe('Hive Gateway in front of a sessiongraph with client API keys', () => {
  it("sends a key of its own (operationHeaders, read from the gateway's environment), the client sends none", async () => {
    process.env.SESSIONGRAPH_API_KEY = KEY;
    try {
      const supergraph = await composeSupergraph(
        { sessions: `${sessions.url}/graphql` },
        { schema: { authorization: `Bearer ${KEY}` }, operation: { authorization: 'Bearer {env.SESSIONGRAPH_API_KEY}' } },
      );
      // Interpolated per request by the gateway: the supergraph file holds no secret.
      expect(supergraph).not.toContain(KEY);
      const hive = await startHiveGateway(supergraph);
      hives.push(hive);
      expect(await throughHive(hive)).toEqual(OK);
    } finally {
      delete process.env.SESSIONGRAPH_API_KEY;
    }
  });

  it("forwards the client's authorization (propagateHeaders): served with a key, refused without", async () => {
    const supergraph = await composeSupergraph({ sessions: `${sessions.url}/graphql` }, { schema: { authorization: `Bearer ${KEY}` } });
    const hive = await startHiveGateway(supergraph, {
      propagateHeaders: { fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }) },
    });
    hives.push(hive);
    expect(await throughHive(hive, { authorization: `Bearer ${KEY}` })).toEqual(OK);
    sessions.sandbox.reset();
    const refused = await throughHive(hive);
    expect(refused).toEqual({
      data: { session: null },
      errors: [expect.objectContaining({ path: ['session'], extensions: { code: 'UNAUTHENTICATED', serviceName: 'sessions' } })],
    });
    expect(sessions.sandbox.requests).toHaveLength(0);
  });
});
