import { connect } from 'node:net';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { subscribeSse, subscribeWs, type SubscriptionStream } from '../support/subscription-clients.js';
import { DEMO, gid } from '../support/test-gateway.js';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.js';
import { KADOA_STUB_KEY, startKadoaStub, type KadoaStub } from './kadoa-stub.js';

const LOAD = 100;

type Child = GatewayProcess;

/** `node --import tsx src/main.ts` exactly as an operator runs it, on a free port, with Kadoa pointing at `kadoaUrl`. */
const startMain = (kadoaUrl: string, env: Record<string, string>) =>
  startGatewayProcess(['--import', 'tsx', 'src/main.ts'], { NODE_ENV: 'production', KADOA_BASE_URL: kadoaUrl, KADOA_API_KEY: KADOA_STUB_KEY, ...env });

/** The sandbox in main moves its demo sessions on its own, so updates may come first; errors may not. */
async function completion(stream: SubscriptionStream<any>): Promise<string> {
  for (;;) {
    const event = await stream.next();
    if (event === null) return 'complete';
    if (event.errors) return JSON.stringify(event.errors);
  }
}

let stub: KadoaStub;
let child: Child | undefined;
afterEach(async () => {
  stub.release();
  if (child && child.process.exitCode === null) child.process.kill('SIGKILL');
  await stub.close();
});

describe('SIGTERM on a real process under load', () => {
  it(`finishes all ${LOAD} in-flight requests, completes subscriptions, refuses new connections, and exits 0`, async () => {
    stub = await startKadoaStub({ hold: true });
    child = await startMain(stub.url, { SHUTDOWN_TIMEOUT_MS: '60000', LOG_LEVEL: 'info', UPSTREAM_CONNECTIONS: String(LOAD) });
    const { url } = child;

    const sse = await subscribeSse<any>(url, 'subscription ($id: ID!) { sessionUpdated(id: $id) { id } }', { id: gid(DEMO.pingMoving) });
    const ws = subscribeWs<any>(url, 'subscription ($id: ID!) { sessionUpdated(id: $id) { id } }', { id: gid(DEMO.paradigmMoving) });
    expect((await sse.next())?.data).toEqual({ sessionUpdated: { id: gid(DEMO.pingMoving) } });
    expect((await ws.next())?.data).toEqual({ sessionUpdated: { id: gid(DEMO.paradigmMoving) } });

    // Many keep-alive connections, each with a request held upstream.
    const agent = new Agent({ connections: LOAD });
    const inFlight = Array.from({ length: LOAD }, async (_, i) => {
      const response = await request(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': `load-${i}` },
        body: JSON.stringify({ query: 'query ($id: String!) { kadoaCrawlSession(sessionId: $id) { crawledPages } }', variables: { id: `crawl-${i}` } }),
        dispatcher: agent,
      });
      return { status: response.statusCode, requestId: response.headers['x-request-id'], body: await response.body.json() };
    });
    await stub.receivedAtLeast(LOAD);

    child.process.kill('SIGTERM');
    // The hub closes after the listener, so a completed stream means the listener is already closed.
    expect(await completion(sse)).toBe('complete');
    expect(await completion(ws)).toBe('complete');
    const { port, hostname } = new URL(url);
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), hostname);
      socket.once('connect', () => (socket.destroy(), resolve('connected')));
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
    expect(child.process.exitCode).toBeNull();

    stub.release();
    const answers = await Promise.all(inFlight);
    expect(answers).toEqual(Array.from({ length: LOAD }, (_, i) => ({ status: 200, requestId: `load-${i}`, body: { data: { kadoaCrawlSession: { crawledPages: 3 } } } })));
    expect(await child.exited).toBe(0);
    expect(child.output()).toContain('SIGTERM received, shutting down');
    expect(child.output()).toContain('"msg":"shutdown complete"');
    expect(child.output()).not.toMatch(/"level":(50|60)|shutdown failed|cut connections/);
    await ws.close();
    await agent.close();
  });

  it('cuts requests still running at SHUTDOWN_TIMEOUT_MS and still exits 0 on SIGINT', async () => {
    stub = await startKadoaStub({ hold: true });
    child = await startMain(stub.url, { SHUTDOWN_TIMEOUT_MS: '200', UPSTREAM_HEADERS_TIMEOUT_MS: '1000', LOG_LEVEL: 'warn' });
    const stuck = Array.from({ length: 5 }, (_, i) =>
      fetch(`${child!.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ kadoaCrawlSession(sessionId: "stuck-${i}") { crawledPages } }` }),
      }).then(
        () => 'answered',
        () => 'cut',
      ),
    );
    await stub.receivedAtLeast(5);
    child.process.kill('SIGINT');
    expect(await Promise.all(stuck)).toEqual(['cut', 'cut', 'cut', 'cut', 'cut']);
    expect(await child.exited).toBe(0);
    expect(child.output()).toMatch(/"cut":5,.*"msg":"shutdown timeout: cut connections still in flight"/);
  });
});
