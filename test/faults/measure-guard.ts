/**
 * Figures for docs/security.md: how fast a call fails while its provider's breaker is open,
 * against a healthy call and a call that waits for the request deadline. Run with
 * `npx tsx test/faults/measure-guard.ts`; it starts its own gateways on loopback.
 */
import { performance } from 'node:perf_hooks';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const SESSION = 'query ($id: ID!) { session(id: $id) { state } }';
const id = gid(DEMO.pingMoving);

async function timings(gw: TestGateway, runs: number, headers: Record<string, string> = {}): Promise<string> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await gw.post({ query: SESSION, variables: { id } }, headers);
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(2);
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms over ${runs} requests`;
}

const gw = await startTestGateway({ UPSTREAM_RETRIES: '0', REQUEST_DEADLINE_MS: '1000' });
console.log(`healthy Ping:                 ${await timings(gw, 500)}`);
gw.sandbox.faults.set('PING', { kind: 'delayHeaders', ms: 60_000 });
console.log(`hung Ping, breaker closed:    ${await timings(gw, 5)} (each waits for the 1000 ms deadline)`);
await gw.close();

// A fresh gateway, so the window holds only the failures that open the breaker.
const tripped = await startTestGateway({ UPSTREAM_RETRIES: '0', BREAKER_MIN_CALLS: '5', BREAKER_OPEN_MS: '600000' });
tripped.sandbox.faults.set('PING', { kind: 'status', status: 503 });
await timings(tripped, 5);
tripped.sandbox.faults.set('PING', { kind: 'delayHeaders', ms: 60_000 });
const before = tripped.sandbox.requestCount('PING');
console.log(`hung Ping, breaker open:      ${await timings(tripped, 500)}; upstream calls made: ${tripped.sandbox.requestCount('PING') - before}`);
await tripped.close();

const open = await startTestGateway();
const authed = await startTestGateway({ GATEWAY_API_KEYS: 'measure-key-0123456789' });
console.log(`no client auth:               ${await timings(open, 1000)}`);
console.log(`API key checked:              ${await timings(authed, 1000, { authorization: 'Bearer measure-key-0123456789' })}`);
await open.close();
await authed.close();
