import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createGatewayListener, type GatewayListener } from '../../src/gateway.js';
import { createPollerHub } from '../../src/live/poller-hub.js';
import { silentLogger } from '../../src/observability/logger.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { createUpstreams } from '../../src/upstreams/upstreams.js';
import { DEMO, gid } from '../support/test-gateway.js';

/** A plugin of the kind issue #14 names: it only has envelop hooks, and the hot path must run them. */
function countingPlugin() {
  const calls = { contextBuilding: 0, execute: 0, executeDone: 0, operationNames: [] as (string | null | undefined)[] };
  const plugin: Plugin = {
    onContextBuilding() {
      calls.contextBuilding += 1;
    },
    onExecute({ args }) {
      calls.execute += 1;
      calls.operationNames.push(args.operationName);
      return { onExecuteDone: () => void (calls.executeDone += 1) };
    },
  };
  return { plugin, calls };
}

describe("a plugin's envelop hooks on the hot path", () => {
  let sandbox: Sandbox;
  let server: Server;
  let http: GatewayListener;
  let url: string;
  const counting = countingPlugin();
  beforeAll(async () => {
    sandbox = await startSandbox();
    const config = loadConfig({ SANDBOX: '1' });
    const targets = Object.fromEntries(Object.entries(sandbox.urls).map(([p, baseUrl]) => [p, { baseUrl, apiKey: sandbox.keys[p as keyof typeof sandbox.keys] }])) as never;
    http = createGatewayListener({
      upstreams: createUpstreams(targets, config.http),
      hub: createPollerHub(),
      credentials: sandbox.keys,
      limits: { maxIdsPerField: config.maxIdsPerField },
      logger: silentLogger(),
      security: config.security,
      plugins: [counting.plugin],
    });
    server = createServer(http.listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await sandbox?.close();
  });

  it('run onContextBuilding and onExecute once for each query the hot path serves', async () => {
    if (!http.fastPath.on) throw new Error(`the hot path is off: ${http.fastPath.reason}`);
    const query = 'query Counted($id: ID!) { session(id: $id) { id state } }';
    const before = http.fastPath.stats();
    for (const session of [DEMO.pingMoving, DEMO.kadoaCrawling, { provider: 'PING', sessionId: 'vpn-nope-3' } as const]) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, operationName: 'Counted', variables: { id: gid(session) } }),
      });
      expect(response.status).toBe(200);
      await response.text();
    }
    expect(http.fastPath.stats()).toEqual({ served: before.served + 3, passedOn: before.passedOn });
    expect(counting.calls).toEqual({ contextBuilding: 3, execute: 3, executeDone: 3, operationNames: ['Counted', 'Counted', 'Counted'] });
  });
});
