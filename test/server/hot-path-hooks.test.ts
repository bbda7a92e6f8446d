import { createServer } from 'node:http';
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

const QUERY = 'query Counted($id: ID!) { session(id: $id) { id state } }';

let sandbox: Sandbox;
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await sandbox?.close();
});

/** The gateway with `plugins` behind a real HTTP server; `post` sends one query and returns its status. */
async function listen(plugins: Plugin[]): Promise<{ http: GatewayListener; post(session?: Parameters<typeof gid>[0]): Promise<number> }> {
  const config = loadConfig({ SANDBOX: '1' });
  const targets = Object.fromEntries(Object.entries(sandbox.urls).map(([p, baseUrl]) => [p, { baseUrl, apiKey: sandbox.keys[p as keyof typeof sandbox.keys] }])) as never;
  const http = createGatewayListener({
    upstreams: createUpstreams(targets, config.http),
    hub: createPollerHub(),
    credentials: sandbox.keys,
    limits: { maxIdsPerField: config.maxIdsPerField },
    logger: silentLogger(),
    security: config.security,
    plugins,
  });
  const server = createServer(http.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const post = async (session: Parameters<typeof gid>[0] = DEMO.pingMoving) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: QUERY, operationName: 'Counted', variables: { id: gid(session) } }),
    });
    await response.text();
    return response.status;
  };
  return { http, post };
}

function stats(http: GatewayListener) {
  if (!http.hotPath.on) throw new Error(`the hot path is off: ${http.hotPath.reason}`);
  return http.hotPath.stats();
}

describe("a plugin's hooks on the hot path", () => {
  it('run onContextBuilding and onExecute once for each query the hot path serves', async () => {
    const calls = { contextBuilding: 0, execute: 0, executeDone: 0, operationNames: [] as (string | null | undefined)[] };
    // A plugin of the kind issue #14 names: it only has envelop hooks, and the hot path must run them.
    const { http, post } = await listen([{
      onContextBuilding() {
        calls.contextBuilding += 1;
      },
      onExecute({ args }) {
        calls.execute += 1;
        calls.operationNames.push(args.operationName);
        return { onExecuteDone: () => void (calls.executeDone += 1) };
      },
    }]);
    // The first one goes to yoga, which parses the document for the first time.
    expect(await post()).toBe(200);
    const before = stats(http);
    for (const session of [DEMO.pingMoving, DEMO.kadoaCrawling, { provider: 'PING', sessionId: 'vpn-nope-3' } as const]) expect(await post(session)).toBe(200);
    expect(stats(http)).toEqual({ served: before.served + 3, passedOn: before.passedOn });
    expect(calls).toEqual({ contextBuilding: 4, execute: 4, executeDone: 4, operationNames: ['Counted', 'Counted', 'Counted', 'Counted'] });
  });

  it("run yoga's onExecutionResult once for each query the hot path serves", async () => {
    let results = 0;
    const { http, post } = await listen([{ onExecutionResult: () => void (results += 1) }]);
    await post();
    const before = stats(http);
    await post();
    await post();
    expect(stats(http)).toEqual({ served: before.served + 2, passedOn: before.passedOn });
    expect(results).toBe(3);
  });
});

describe('a plugin with a hook the hot path does not run, and no word on it', () => {
  const calls: string[] = [];
  const hooked = (name: string) => (_payload: unknown, wrapped: () => unknown) => {
    calls.push(name);
    return wrapped();
  };
  it.each<[string, Plugin]>([
    ['instrumentation.request', { instrumentation: { request: hooked('instrumentation.request') as never } }],
    ['instrumentation.requestParse', { instrumentation: { requestParse: hooked('instrumentation.requestParse') as never } }],
    ['instrumentation.operation', { instrumentation: { operation: hooked('instrumentation.operation') as never } }],
    ['instrumentation.resultProcess', { instrumentation: { resultProcess: hooked('instrumentation.resultProcess') as never } }],
    ['onResultProcess', { onResultProcess: () => void calls.push('onResultProcess') }],
    ['onRequestParse', { onRequestParse: () => void calls.push('onRequestParse') }],
  ])('%s makes the hot path stand aside, and runs in yoga for every request', async (hook, plugin) => {
    const { http, post } = await listen([plugin]);
    expect(http.hotPath.on).toBe(false);
    expect(http.hotPath.on === false && http.hotPath.reason).toMatch(`has hooks the hot path does not run (${hook}) and no hot-path hooks`);
    calls.length = 0;
    expect([await post(), await post()]).toEqual([200, 200]);
    expect(calls).toEqual([hook, hook]);
  });
});
