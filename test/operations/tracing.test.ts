import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/observability/logger.js';
import { startGateway } from '../../src/start-gateway.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { KADOA_STUB_KEY, startKadoaStub, type KadoaStub } from './kadoa-stub.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
  status: { code: number };
}

interface Export {
  path: string;
  headers: IncomingHttpHeaders;
  body: { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[] };
}

/** An OTLP/HTTP collector on loopback that keeps what it is sent. */
async function startCollector(): Promise<{ url: string; exports: Export[]; server: Server }> {
  const exports: Export[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      exports.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, exports, server };
}

const spansOf = (exports: Export[]): OtlpSpan[] => exports.flatMap((e) => e.body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value && Object.values(value)[0];
};

const CALLER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';

let stub: KadoaStub;
let collector: Awaited<ReturnType<typeof startCollector>>;
let gw: TestGateway;
beforeEach(async () => {
  stub = await startKadoaStub();
  collector = await startCollector();
});
afterEach(async () => {
  await gw.close();
  await stub.close();
  collector.server.close();
});

async function start(env: Record<string, string>): Promise<void> {
  gw = await startTestGateway({ SANDBOX: '0', KADOA_BASE_URL: stub.url, KADOA_API_KEY: KADOA_STUB_KEY, ...env });
}

describe('OpenTelemetry tracing', () => {
  it("traces operations and upstream calls, joins the caller's trace, and propagates it upstream", async () => {
    await start({ OTEL_TRACING: '1', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'gateway-under-test', OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=s3cret%3D' });
    gw.sandbox.faults.set('PING', { kind: 'status', status: 404 });
    const traced = await gw.post(
      { query: 'query Crawl($k: String!, $p: ID!) { kadoaCrawlSession(sessionId: $k) { crawledPages } ping: session(id: $p) { id } }', variables: { k: 'crawl-7', p: gid(DEMO.pingMoving) } },
      { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
    );
    expect(traced.body.data).toEqual({ kadoaCrawlSession: { crawledPages: 3 }, ping: null });
    await gw.query('{ kadoaCrawlSession(sessionId: "crawl-8") { crawledPages } }');
    await gw.close();

    expect(collector.exports.map((e) => [e.path, e.headers['content-type'], e.headers['x-collector-key']])).toEqual(collector.exports.map(() => ['/v1/traces', 'application/json', 's3cret=']));
    expect(collector.exports[0]!.body.resourceSpans[0]!.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'gateway-under-test' } });
    const spans = spansOf(collector.exports);

    const operation = spans.find((s) => s.name === 'query Crawl')!;
    expect(operation).toMatchObject({ traceId: CALLER_TRACE, parentSpanId: CALLER_SPAN, kind: 2, status: { code: 2 } });
    expect([attribute(operation, 'graphql.operation.type'), attribute(operation, 'graphql.operation.name'), attribute(operation, 'graphql.error.count')]).toEqual(['query', 'Crawl', 1]);
    const children = spans.filter((s) => s.parentSpanId === operation.spanId);
    expect(children.map((s) => [s.name, s.kind, s.traceId, attribute(s, 'sessiongraph.outcome'), attribute(s, 'http.response.status_code'), s.status.code]).sort()).toEqual([
      ['GET kadoa', 3, CALLER_TRACE, 'OK', 200, 0],
      ['GET ping', 3, CALLER_TRACE, 'NOT_FOUND', 404, 2],
    ]);

    // The untraced caller starts a trace of its own, also propagated.
    const own = spans.find((s) => s.name === 'query' && !s.parentSpanId)!;
    expect(own.traceId).not.toBe(CALLER_TRACE);
    const ownUpstream = spans.find((s) => s.parentSpanId === own.spanId)!;
    const kadoaSpan = children.find((s) => s.name === 'GET kadoa')!;
    expect(stub.received.map((h) => h.traceparent)).toEqual([`00-${CALLER_TRACE}-${kadoaSpan.spanId}-01`, `00-${own.traceId}-${ownUpstream.spanId}-01`]);
    expect(JSON.stringify(collector.exports)).not.toContain(KADOA_STUB_KEY);
  });

  it('traces a query the hot path serves exactly as yoga traces it', async () => {
    await start({ OTEL_TRACING: '1', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    const served = () => (gw.hotPath.on ? gw.hotPath.stats().served : Number.NaN);
    const body = { query: 'query Crawl($k: String!) { kadoaCrawlSession(sessionId: $k) { crawledPages } }', variables: { k: 'crawl-7' } };
    // The first goes to yoga, which parses the document for the first time; the second is the hot path's.
    await gw.post(body, { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    const before = served();
    await gw.post(body, { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    expect(served()).toBe(before + 1);
    await gw.close();

    const spans = spansOf(collector.exports);
    const shape = ({ name, kind, traceId, parentSpanId, attributes, status }: OtlpSpan) => ({ name, kind, traceId, parentSpanId, attributes, status });
    const [byYoga, byHotPath] = spans
      .filter((s) => s.name === 'query Crawl')
      .map((operation) => ({ ...shape(operation), children: spans.filter((s) => s.parentSpanId === operation.spanId).map((child) => ({ ...shape(child), parentSpanId: 'the operation' })) }));
    expect(byYoga).toMatchObject({ traceId: CALLER_TRACE, parentSpanId: CALLER_SPAN, kind: 2, children: [{ name: 'GET kadoa', kind: 3 }] });
    expect(byHotPath).toEqual(byYoga);
  });

  it('is off by default: no spans, and nothing extra sent upstream', async () => {
    await start({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    await gw.post({ query: '{ kadoaCrawlSession(sessionId: "crawl-1") { crawledPages } }' }, { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    await gw.close();
    expect(gw.telemetry.tracing).toBeNull();
    expect(stub.received).toHaveLength(1);
    expect(stub.received[0]!.traceparent).toBeUndefined();
    expect(collector.exports).toEqual([]);
  });

  it('honours a caller that chose not to sample, and still propagates its trace', async () => {
    await start({ OTEL_TRACING: '1', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    await gw.post({ query: '{ kadoaCrawlSession(sessionId: "crawl-1") { crawledPages } }' }, { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-00` });
    await gw.close();
    expect(spansOf(collector.exports)).toEqual([]);
    expect(stub.received[0]!.traceparent).toMatch(new RegExp(`^00-${CALLER_TRACE}-[0-9a-f]{16}-00$`));
  });

  it('keeps serving, warns, and still shuts down cleanly when the collector is down, retrying it no longer than OTEL_EXPORTER_OTLP_TIMEOUT', async () => {
    const collectorUrl = collector.url;
    await new Promise((resolve) => collector.server.close(resolve));
    const warnings: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        warnings.push(chunk.toString('utf8'));
        done();
      },
    });
    const config = loadConfig({ SANDBOX: '1', PORT: '0', OTEL_TRACING: '1', OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl, OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=s3cret', OTEL_EXPORTER_OTLP_TIMEOUT: '300' });
    const running = await startGateway(config, { logger: createLogger({ level: 'warn', destination }), sandboxTickMs: false });
    // afterEach closes it again, which close() allows.
    gw = running as TestGateway;
    const response = await fetch(`${running.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ kadoaCrawlSession(sessionId: "crawl-demo-1") { crawledPages } }' }),
    });
    expect(await response.json()).toEqual({ data: { kadoaCrawlSession: { crawledPages: 0 } } });
    await expect(running.close()).resolves.toBeUndefined();
    expect(warnings.join('')).toContain('could not export spans');
    expect(warnings.join('')).not.toContain('s3cret');
  });
});
