// Figures for docs/operations.md: the CPU that metrics and tracing add per request, and what a scrape costs.
// Run: npx tsx test/operations/measure.ts   (about a minute). CPU time, not wall time, so a busy machine skews it less.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const ROUNDS = 6;
const PER_ROUND = 1_000;
const body = JSON.stringify({ query: '{ kadoaCrawlSession(sessionId: "crawl-demo-1") { state crawledPages } }' });

// A collector that accepts and drops spans, so tracing pays for exporting but not for a slow backend.
const sink = createServer((req, res) => req.resume().on('end', () => res.end('{}')));
sink.listen(0, '127.0.0.1');
await once(sink, 'listening');
const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;

const variants: Record<string, Record<string, string>> = {
  'METRICS=0, tracing off': { METRICS: '0' },
  'metrics on (default)': {},
  'metrics + OTEL_TRACING=1': { OTEL_TRACING: '1', OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl },
};
const gateways: Record<string, TestGateway> = {};
for (const [name, env] of Object.entries(variants)) gateways[name] = await startTestGateway(env);

// In process (gateway.fetch, sandbox on loopback), interleaved so drift hits every variant alike; round 0 warms up.
const samples: Record<string, number[]> = {};
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, gw] of Object.entries(gateways)) {
    const cpu = process.cpuUsage();
    for (let i = 0; i < PER_ROUND; i += 1) {
      const response = await gw.graphqlServer.fetch('http://gateway/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await response.text();
    }
    const used = process.cpuUsage(cpu);
    if (round > 0) (samples[name] ??= []).push((used.user + used.system) / PER_ROUND);
  }
}
for (const [name, values] of Object.entries(samples)) {
  values.sort((a, b) => a - b);
  console.log(`${name.padEnd(26)} median ${values[Math.floor(values.length / 2)]!.toFixed(0)} µs CPU per query (gateway and sandbox together)`);
}

const gw = gateways['metrics on (default)']!;
const started = performance.now();
const text = await (await fetch(`${gw.url}/metrics`)).text();
console.log(`/metrics after ${(ROUNDS * PER_ROUND).toLocaleString('en')} queries: ${text.split('\n').filter((l) => l && !l.startsWith('#')).length} samples, ${text.length} bytes, ${(performance.now() - started).toFixed(1)} ms`);
await Promise.all(Object.values(gateways).map((g) => g.close()));
sink.close();
