import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const N = 6;

/**
 * A Ping stand-in that answers nobody until N requests are waiting. A gateway that fetched the
 * sessions one by one would never open the gate, and the test would time out.
 */
function startGate() {
  const held: [IncomingMessage, ServerResponse][] = [];
  const auth: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    held.push([req, res]);
    auth.push(req.headers.authorization);
    if (held.length === N) {
      for (const [r, s] of held.splice(0)) {
        const id = decodeURIComponent(/\/sessions\/([^/]+)\/status$/.exec(r.url!)![1]!);
        s.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ client_id: `client-${id}`, status: 'connected' }));
      }
    }
  });
  return { server, auth, listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))) };
}

let gw: TestGateway;
const gate = startGate();
beforeAll(async () => {
  const port = await gate.listen();
  gw = await startTestGateway({ SANDBOX: '0', PING_BASE_URL: `http://127.0.0.1:${port}/customer/v2`, PING_API_KEY: 'gate-key' });
});
afterAll(async () => {
  await gw.close();
  gate.server.closeAllConnections();
  await new Promise((resolve) => gate.server.close(resolve));
});

describe('fan-out', () => {
  it(`fetches ${N} distinct sessions concurrently, one call each, with the configured key`, async () => {
    const ids = Array.from({ length: N }, (_, i) => gid({ provider: 'PING', sessionId: `vpn-${i}` }));
    const result = await gw.query<any>('query ($ids: [ID!]!) { sessions(ids: $ids) { sessionId ... on PingVpnSession { clientId } } }', { ids });
    expect(result.errors).toBeUndefined();
    expect(result.data.sessions).toEqual(Array.from({ length: N }, (_, i) => ({ sessionId: `vpn-${i}`, clientId: `client-vpn-${i}` })));
    expect(gate.auth).toEqual(Array.from({ length: N }, () => 'gate-key'));
  });
});
