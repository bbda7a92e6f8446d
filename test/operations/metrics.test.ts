import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HubStats } from '../../src/live/poller-hub.js';
import { createGatewayMetrics, type ClusterRole } from '../../src/observability/metrics.js';
import { UPSTREAM_ERROR_CODES } from '../../src/upstreams/upstream-error.js';
import { subscribeSse, type SubscriptionStream } from '../support/subscription-clients.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** One sample of the exposition text, as { name, labels, value }. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not an exposition line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

async function scrape(gw: TestGateway): Promise<Sample[]> {
  const response = await fetch(`${gw.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(await response.text());
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

const SESSION = 'query ($id: ID!) { session(id: $id) { id state } }';

describe('/metrics', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // Pollers poll once and then wait an hour, so poll counts are exact.
    gw = await startTestGateway({ POLL_INTERVAL_MS: '3600000', POLL_MAX_INTERVAL_MS: '3600000' });
  });
  afterAll(() => gw.close());

  it("counts and times upstream calls by provider, method and outcome, beside yoga's operation metrics", async () => {
    gw.sandbox.faults.set('PING', { kind: 'status', status: 503 });
    gw.sandbox.faults.set('DEEPSET', { kind: 'status', status: 404 });
    await gw.query(SESSION, { id: gid(DEMO.kadoaCrawling) });
    await gw.query(SESSION, { id: gid(DEMO.kadoaFailed) });
    await gw.query(SESSION, { id: gid(DEMO.pingMoving) });
    await gw.query(SESSION, { id: gid(DEMO.deepsetOpen) });
    await gw.query('mutation ($id: ID!) { closeSession(id: $id) { __typename } }', { id: gid(DEMO.deepsetOpen) });
    // Every attempt is one call, retries included: the metrics must agree with what the upstream saw.
    const pingAttempts = gw.sandbox.requestCount('PING', { method: 'GET' });
    const sent = gw.sandbox.requests.length;
    gw.sandbox.reset();

    const samples = await scrape(gw);
    const calls = (provider: string, method: string, outcome: string) => value(samples, 'sessiongraph_upstream_requests_total', { provider, method, outcome });
    expect(calls('kadoa', 'GET', 'OK')).toBe(2);
    expect(pingAttempts).toBeGreaterThanOrEqual(1);
    expect(calls('ping', 'GET', 'UPSTREAM_UNAVAILABLE')).toBe(pingAttempts);
    expect(calls('deepset', 'GET', 'NOT_FOUND')).toBe(1);
    expect(calls('deepset', 'PUT', 'NOT_FOUND')).toBe(1);
    const upstreamTotal = samples.filter((s) => s.name === 'sessiongraph_upstream_requests_total').reduce((sum, s) => sum + s.value, 0);
    expect(upstreamTotal).toBe(sent);
    expect(value(samples, 'sessiongraph_upstream_request_duration_seconds_count', { provider: 'kadoa', method: 'GET', outcome: 'OK' })).toBe(2);
    expect(value(samples, 'sessiongraph_upstream_request_duration_seconds_bucket', { provider: 'kadoa', outcome: 'OK', le: '+Inf' })).toBe(2);

    expect(value(samples, 'graphql_envelop_request', { operationType: 'query' })).toBe(4);
    expect(value(samples, 'graphql_envelop_request', { operationType: 'mutation' })).toBe(1);
    expect(value(samples, 'graphql_envelop_request_duration_count', { operationType: 'query' })).toBe(4);
    expect(value(samples, 'graphql_yoga_http_duration_count', { method: 'POST', statusCode: '200', operationType: 'query' })).toBe(4);
    expect(value(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('follows active subscriptions, active pollers and polls by provider', async () => {
    const streams: SubscriptionStream<any>[] = [];
    const watch = async (id: string) => {
      const stream = await subscribeSse<any>(gw.url, 'subscription ($id: ID!) { sessionUpdated(id: $id) { id } }', { id });
      streams.push(stream);
      await stream.next();
    };
    const before = await scrape(gw);
    await watch(gid(DEMO.kadoaCrawling));
    await watch(gid(DEMO.kadoaCrawling));
    await watch(gid(DEMO.pingMoving));

    const during = await scrape(gw);
    expect(value(during, 'sessiongraph_active_subscriptions')).toBe(3);
    expect(value(during, 'sessiongraph_active_pollers')).toBe(2);
    // Two subscribers of one session share one poller: one poll each for kadoa and ping, none elsewhere.
    const polls = (samples: Sample[], provider: string) => value(samples, 'sessiongraph_polls_total', { provider })!;
    expect(polls(during, 'kadoa') - polls(before, 'kadoa')).toBe(1);
    expect(polls(during, 'ping') - polls(before, 'ping')).toBe(1);
    expect(polls(during, 'deepset') - polls(before, 'deepset')).toBe(0);
    expect(polls(during, 'kadoa')).toBe(gw.hub.stats().polls.KADOA);
    expect(value(during, 'sessiongraph_poll_errors_total', { provider: 'kadoa' })).toBe(0);

    await Promise.all(streams.map((s) => s.close()));
    await vi.waitFor(async () => {
      const after = await scrape(gw);
      expect([value(after, 'sessiongraph_active_subscriptions'), value(after, 'sessiongraph_active_pollers')]).toEqual([0, 0]);
    });
  });

  it('counts retries and shows circuit-breaker state from the upstream hooks', async () => {
    const observer = gw.telemetry.metrics!.upstreamObserver;
    observer.onRetry!({ provider: 'PARADIGM', method: 'GET', attempt: 1, delayMs: 100, code: 'UPSTREAM_TIMEOUT' });
    observer.onRetry!({ provider: 'PARADIGM', method: 'GET', attempt: 2, delayMs: 200, code: 'UPSTREAM_TIMEOUT' });
    observer.onBreakerState!({ provider: 'PARADIGM', state: 'open' });

    const open = await scrape(gw);
    expect(value(open, 'sessiongraph_upstream_retries_total', { provider: 'paradigm', method: 'GET', code: 'UPSTREAM_TIMEOUT' })).toBe(2);
    const states = (samples: Sample[], provider: string) =>
      Object.fromEntries(samples.filter((s) => s.name === 'sessiongraph_upstream_circuit_state' && s.labels.provider === provider).map((s) => [s.labels.state, s.value]));
    expect(states(open, 'paradigm')).toEqual({ closed: 0, open: 1, 'half-open': 0 });
    expect(states(open, 'kadoa')).toEqual({ closed: 1, open: 0, 'half-open': 0 });

    observer.onBreakerState!({ provider: 'PARADIGM', state: 'half-open' });
    expect(states(await scrape(gw), 'paradigm')).toEqual({ closed: 0, open: 0, 'half-open': 1 });
    observer.onBreakerState!({ provider: 'PARADIGM', state: 'closed' });
  });

  it('keeps every label value bounded: no session ids, credentials, operation names or URLs', async () => {
    const secretOp = 'OperationNamedByAClient_7f3a';
    const sessionId = 'crawl-unbounded-label-check';
    await gw.post({ query: `query ${secretOp}($id: ID!) { session(id: $id) { id } }`, variables: { id: gid({ provider: 'KADOA', sessionId }) } });
    await gw.post({ query: `query ${secretOp} { nope }` });
    await fetch(`${gw.url}/graphql/${sessionId}?key=${gw.sandbox.keys.KADOA}`);

    const text = await (await fetch(`${gw.url}/metrics`)).text();
    for (const secret of [secretOp, sessionId, ...Object.values(gw.sandbox.keys)]) expect(text).not.toContain(secret);

    const allowed: Record<string, RegExp> = {
      provider: /^(deepset|paradigm|ping|kadoa)$/,
      method: /^(GET|PUT|POST)$/,
      outcome: new RegExp(`^(OK|ABORTED|${UPSTREAM_ERROR_CODES.join('|')})$`),
      code: new RegExp(`^(${UPSTREAM_ERROR_CODES.join('|')})$`),
      state: /^(closed|open|half-open)$/,
      operationType: /^(query|mutation|subscription|unknown)$/,
      phase: /^(parse|validate|context|execute|subscribe)$/,
      statusCode: /^\d{3}$/,
      handler: /^(hot_path|yoga)$/,
      le: /^([\d.]+|\+Inf)$/,
      quantile: /^[\d.]+$/,
      priority: /^(query|mutation|poll)$/,
      kind: /^(query|poll|terminal|notFound|snapshot)$/,
      reason: /^(deadline|queueFull|closed|subscriptionLimit|messageTooLarge|stalledReader)$/,
    };
    const ours = parseMetrics(text).filter((s) => /^(sessiongraph|graphql)_/.test(s.name));
    for (const sample of ours) {
      for (const [label, labelValue] of Object.entries(sample.labels)) {
        expect(allowed[label], `${sample.name} has a label "${label}"`).toBeDefined();
        expect(labelValue, `${sample.name}{${label}}`).toMatch(allowed[label]!);
      }
    }
  });
});

describe("yoga's operation series, observed by useMetrics", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ POLL_INTERVAL_MS: '3600000', POLL_MAX_INTERVAL_MS: '3600000' });
  });
  afterAll(() => gw.close());

  it('observes every phase of every operation, on the hot path and through yoga, and counts errors by phase', async () => {
    const before = gw.hotPath.on ? gw.hotPath.stats() : undefined;
    expect(before, 'the hot path is on, so both paths are counted').toBeDefined();
    await gw.query(SESSION, { id: gid(DEMO.kadoaCrawling) });
    await gw.query(SESSION, { id: gid(DEMO.kadoaCrawling) });
    // Documents yoga has not parsed before go to yoga; a document that does not parse has no operation type.
    await gw.post({ query: '{ nope }' });
    await gw.query('mutation ($id: ID!) { closeSession(id: $id) { __typename } }', { id: gid(DEMO.deepsetOpen) });
    await gw.post({ query: '{ session(id: ' });
    const after = gw.hotPath.on ? gw.hotPath.stats() : undefined;
    expect([after!.served - before!.served, after!.passedOn - before!.passedOn]).toEqual([1, 4]);

    const samples = await scrape(gw);
    const count = (name: string, labels: Record<string, string>) => value(samples, `${name}_count`, labels);
    const phases = ['parse', 'validate', 'context', 'execute'].map((phase) => count(`graphql_envelop_phase_${phase}`, { operationType: 'query' }));
    // Each operation runs each phase once, whichever path serves it: two queries parse, validate,
    // build a context and execute; the one that fails validation stops there.
    expect(phases).toEqual([3, 3, 2, 2]);
    expect(['parse', 'validate', 'context', 'execute'].map((phase) => count(`graphql_envelop_phase_${phase}`, { operationType: 'mutation' }))).toEqual([1, 1, 1, 1]);
    expect(count('graphql_envelop_request_duration', { operationType: 'query' })).toBe(2);
    expect(value(samples, 'graphql_envelop_request', { operationType: 'query' })).toBe(2);
    expect(value(samples, 'graphql_envelop_error_result', { operationType: 'query', phase: 'validate' })).toBe(1);
    expect(value(samples, 'graphql_envelop_error_result', { operationType: 'unknown', phase: 'parse' })).toBe(1);
    expect(count('graphql_envelop_phase_parse', { operationType: 'unknown' })).toBe(1);
    expect(value(samples, 'graphql_envelop_schema_change')).toBe(1);
    expect(value(samples, 'sessiongraph_http_requests_total', { handler: 'hot_path' })).toBe(1);
    expect(count('graphql_yoga_http_duration', { method: 'POST', statusCode: '200', operationType: 'query' })).toBe(2);
    expect(count('graphql_yoga_http_duration', { method: 'POST', statusCode: '400', operationType: 'query' })).toBe(1);
    expect(count('graphql_yoga_http_duration', { method: 'POST', statusCode: '200', operationType: 'mutation' })).toBe(1);
  });
});

describe('retry and circuit-breaker metrics from real upstream failures', () => {
  let gw: TestGateway;
  afterEach(() => gw.close());

  it('counts each retry by the code that caused it', async () => {
    gw = await startTestGateway({ UPSTREAM_RETRIES: '2', UPSTREAM_RETRY_BASE_MS: '1', UPSTREAM_RETRY_MAX_DELAY_MS: '1', BREAKER_MIN_CALLS: '1000' });
    gw.sandbox.faults.set('PARADIGM', { kind: 'status', status: 503 });
    await gw.query(SESSION, { id: gid(DEMO.paradigmMoving) });
    const attempts = gw.sandbox.requestCount('PARADIGM', { method: 'GET' });
    expect(attempts).toBe(3);
    const samples = await scrape(gw);
    expect(value(samples, 'sessiongraph_upstream_retries_total', { provider: 'paradigm', method: 'GET', code: 'UPSTREAM_UNAVAILABLE' })).toBe(attempts - 1);
    expect(value(samples, 'sessiongraph_upstream_requests_total', { provider: 'paradigm', method: 'GET', outcome: 'UPSTREAM_UNAVAILABLE' })).toBe(attempts);
  });

  it('shows a circuit that opened', async () => {
    gw = await startTestGateway({ UPSTREAM_RETRIES: '0', BREAKER_MIN_CALLS: '2', BREAKER_FAILURE_RATE: '50', BREAKER_OPEN_MS: '3600000' });
    gw.sandbox.faults.set('PING', { kind: 'status', status: 503 });
    await gw.query(SESSION, { id: gid(DEMO.pingMoving) });
    await gw.query(SESSION, { id: gid(DEMO.pingMoving) });
    const samples = await scrape(gw);
    const state = (provider: string, s: string) => value(samples, 'sessiongraph_upstream_circuit_state', { provider, state: s });
    expect([state('ping', 'closed'), state('ping', 'open'), state('ping', 'half-open')]).toEqual([0, 1, 0]);
    expect([state('kadoa', 'closed'), state('kadoa', 'open')]).toEqual([1, 0]);
  });
});

describe('registries', () => {
  let gateways: TestGateway[] = [];
  afterEach(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    gateways = [];
  });

  it('gives each gateway its own registry, so one process can run several', async () => {
    gateways = [await startTestGateway(), await startTestGateway()];
    const [a, b] = gateways as [TestGateway, TestGateway];
    await a.query(SESSION, { id: gid(DEMO.kadoaCrawling) });
    expect(value(await scrape(a), 'sessiongraph_upstream_requests_total', { provider: 'kadoa' })).toBe(1);
    expect(value(await scrape(b), 'sessiongraph_upstream_requests_total', { provider: 'kadoa' })).toBeUndefined();
  });

  it('serves no /metrics with METRICS=0', async () => {
    gateways = [await startTestGateway({ METRICS: '0' })];
    const response = await fetch(`${gateways[0]!.url}/metrics`);
    expect(response.status).toBe(404);
    await response.body?.cancel();
    expect(gateways[0]!.telemetry.metrics).toBeNull();
  });
});

describe('Redis leader metrics', () => {
  const stats = (): HubStats => ({
    activeSubscriptions: 0,
    activePollers: 0,
    polls: { DEEPSET: 0, PARADIGM: 0, PING: 0, KADOA: 0 },
    pollErrors: { DEEPSET: 0, PARADIGM: 0, PING: 0, KADOA: 0 },
  });

  it("report this replica's leadership from the transport's mode() and leaderKeys()", async () => {
    const role = { mode: 'cluster', keys: ['a', 'b'] };
    const cluster: ClusterRole = { mode: () => role.mode, leaderKeys: () => role.keys };
    const metrics = createGatewayMetrics({ processMetrics: false });
    metrics.watchHub(stats, cluster);
    const read = async () => {
      const samples = parseMetrics(await metrics.registry.metrics());
      return [value(samples, 'sessiongraph_redis_connected'), value(samples, 'sessiongraph_redis_leader'), value(samples, 'sessiongraph_redis_leader_keys')];
    };
    expect(await read()).toEqual([1, 1, 2]);
    role.keys = [];
    expect(await read()).toEqual([1, 0, 0]);
    // Polling alone while Redis is unreachable is not leading the cluster.
    Object.assign(role, { mode: 'local-fallback', keys: ['a'] });
    expect(await read()).toEqual([0, 0, 0]);
  });

  it('are absent without a cluster transport', async () => {
    const metrics = createGatewayMetrics({ processMetrics: false });
    metrics.watchHub(stats);
    expect(await metrics.registry.metrics()).not.toContain('sessiongraph_redis');
  });
});
