import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { closeServer, listen } from '../../src/sandbox/provider-server.js';
import { startGateway, type RunningGateway } from '../../src/start-gateway.js';
import { createBaselineProxy } from './baseline-proxy.js';
import { areaOf, summarizeProfile } from './cpu-profile.js';
import { FIXED_UPSTREAM_KEYS, startFixedUpstream, type FixedUpstream } from './fixed-upstream.js';
import { gatewayEnv } from './gateway-env.js';
import { aliasesQuery, body, FAN_OUT_QUERY, fanOutRefs, FIXED_SESSION, gid, SINGLE_SESSION_QUERY, watchedRef, WATCH_SUBSCRIPTION } from './operations.js';
import { ALIASES, DUPLICATES_LIMITS, FAN_OUT_SESSIONS } from './scenarios/fan-out.js';
import { MAX_RUNS, SETTINGS, settingsFrom } from './settings.js';
import { openSse } from './sse-clients.js';
import { median, summarize } from './stats.js';

describe('stats', () => {
  it('takes medians and nearest-rank percentiles', () => {
    expect([median([3, 1, 2]), median([4, 1, 3, 2]), median([])]).toEqual([2, 2.5, Number.NaN]);
    expect(summarize(Array.from({ length: 100 }, (_, i) => 100 - i))).toEqual({ count: 100, p50: 50, p99: 99, max: 100 });
    expect(summarize([5, 1, 4, 2, 3])).toEqual({ count: 5, p50: 3, p99: 5, max: 5 });
  });
});

describe('settings from the command line', () => {
  it('takes full mode by default, --quick for the short one, and --runs N in either, changing nothing else', () => {
    expect(settingsFrom(['overhead'])).toEqual(SETTINGS.full);
    expect(settingsFrom(['--quick', 'overhead'])).toEqual(SETTINGS.quick);
    expect(settingsFrom(['overhead', '--runs', '15'])).toEqual({ ...SETTINGS.full, runs: 15 });
    expect(settingsFrom(['--runs', '1', '--quick'])).toEqual({ ...SETTINGS.quick, runs: 1 });
  });

  it('refuses a --runs that is not a whole number from 1 to the most it takes', () => {
    for (const bad of [[], ['0'], [String(MAX_RUNS + 1)], ['2.5'], ['-3'], ['ten'], ['--quick']]) {
      expect(() => settingsFrom(['overhead', '--runs', ...bad])).toThrow(`--runs takes a whole number from 1 to ${MAX_RUNS}`);
    }
  });
});

describe('cpu profile summary', () => {
  it('adds self time up by function and by area, and says how busy the process was', () => {
    const frame = (id: number, functionName: string, url: string, hitCount: number, children: number[] = []) => ({ id, callFrame: { functionName, url, lineNumber: 0 }, hitCount, children });
    const profile = {
      nodes: [
        frame(1, '(root)', '', 0, [2, 3, 4, 5]),
        frame(2, '(idle)', '', 5),
        frame(3, 'execute', 'file:///x/node_modules/graphql/execution/execute.js', 3),
        frame(4, 'handle', 'file:///x/node_modules/graphql-yoga/esm/server.js', 1),
        frame(5, 'createContext', 'file:///x/src/context.ts', 1),
      ],
      startTime: 0,
      endTime: 10,
    };
    const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
    writeFileSync(join(dir, 'p.cpuprofile'), JSON.stringify(profile));
    const summary = summarizeProfile(join(dir, 'p.cpuprofile'));
    rmSync(dir, { recursive: true });
    expect(summary).toEqual({
      busy: 0.5,
      areas: [
        { name: '(idle)', share: 0.5 },
        { name: 'graphql/execution', share: 0.3 },
        { name: 'graphql-yoga', share: 0.1 },
        { name: 'src/context', share: 0.1 },
      ],
      functions: [
        { name: '(idle)', share: 0.5 },
        { name: 'execute graphql/execution/execute.js:1', share: 0.3 },
        { name: 'handle graphql-yoga/esm/server.js:1', share: 0.1 },
        { name: 'createContext src/context.ts:1', share: 0.1 },
      ],
    });
    expect(areaOf('node:internal/streams/pipeline', 'finish')).toBe('node:internal/streams');
  });
});

/**
 * The figures are only comparable if the baseline does the gateway's work and the upstream counts
 * what is asked of it; this checks both against a gateway started as the benchmarks start it.
 */
describe('what the benchmarks compare', () => {
  let upstream: FixedUpstream;
  let gateway: RunningGateway;
  let baseline: ReturnType<typeof createBaselineProxy>;
  let baselineUrl: string;
  const post = async (url: string, requestBody: string): Promise<any> =>
    (await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: requestBody })).json();
  const withoutFetchedAt = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'fetchedAt' ? undefined : v)));

  beforeAll(async () => {
    upstream = await startFixedUpstream();
    const targets = { baseUrls: upstream.baseUrls, keys: FIXED_UPSTREAM_KEYS };
    baseline = createBaselineProxy(targets);
    baselineUrl = await listen(baseline.server, '127.0.0.1');
    gateway = await startGateway(loadConfig(gatewayEnv(targets, { ...DUPLICATES_LIMITS, POLL_INTERVAL_MS: '100', POLL_MAX_INTERVAL_MS: '100' })), { sandboxTickMs: false });
  });
  afterAll(async () => {
    await gateway?.close();
    await closeServer(baseline.server);
    await baseline.close();
    await upstream.close();
  });

  it('the baseline answers the single-session operation as the gateway does, fetchedAt aside', async () => {
    const requestBody = body(SINGLE_SESSION_QUERY, { id: gid(FIXED_SESSION) });
    const [fromBaseline, fromGateway] = await Promise.all([post(baselineUrl, requestBody), post(gateway.url, requestBody)]);
    expect(withoutFetchedAt(fromGateway)).toEqual({
      data: {
        session: {
          id: gid(FIXED_SESSION),
          provider: 'PING',
          state: 'ACTIVE',
          providerStatus: 'connected',
          isTerminal: false,
          clientId: 'client-vpn-bench-1',
          status: 'CONNECTED',
          duration: 120,
          uploadedBytes: '48128',
          downloadedBytes: '1310720',
        },
      },
    });
    expect(withoutFetchedAt(fromBaseline)).toEqual(withoutFetchedAt(fromGateway));
  });

  it(`fetches ${FAN_OUT_SESSIONS} sessions over four providers with one call each, all in flight at once, as the baseline does`, async () => {
    const requestBody = body(FAN_OUT_QUERY, { ids: fanOutRefs(FAN_OUT_SESSIONS).map(gid) });
    upstream.setDelay(200);
    upstream.reset();
    const fromGateway = await post(gateway.url, requestBody);
    const stats = upstream.stats();
    upstream.setDelay(0);
    expect(stats).toEqual({ requests: 50, distinctPaths: 50, duplicates: 0, peakInFlight: 50, byProvider: { DEEPSET: 13, PARADIGM: 13, PING: 12, KADOA: 12 } });
    expect(fromGateway.errors).toBeUndefined();
    expect(withoutFetchedAt(await post(baselineUrl, requestBody))).toEqual(withoutFetchedAt(fromGateway));
  });

  it('keeps the parser and validation caches on: a document is parsed and validated once', () => {
    const query = SINGLE_SESSION_QUERY;
    const enveloped = gateway.graphqlServer.getEnveloped({ request: new Request(`${gateway.url}/graphql`), params: { query } } as never);
    const document = enveloped.parse(query);
    expect(enveloped.parse(query)).toBe(document);
    expect(enveloped.validate(enveloped.schema, document)).toBe(enveloped.validate(enveloped.schema, document));
  });

  it(`makes one upstream call for ${ALIASES} aliases of one session`, async () => {
    upstream.reset();
    const answer = await post(gateway.url, body(aliasesQuery(ALIASES), { id: gid(FIXED_SESSION) }));
    expect(Object.keys(answer.data)).toHaveLength(ALIASES);
    expect(upstream.stats().requests).toBe(1);
  });

  it('a raw-socket SSE subscriber sees each new version of a live session, and the upstream logs when it sent each', async () => {
    const ref = watchedRef(900, true);
    const subscriber = openSse(new URL(`${gateway.url}/graphql`), body(WATCH_SUBSCRIPTION, { id: gid(ref) }));
    try {
      await subscriber.first;
      await vi.waitFor(() => expect(subscriber.receipts.length).toBeGreaterThanOrEqual(3), { timeout: 5_000 });
      const versions = subscriber.receipts.map((r) => r.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      const sent = upstream.liveLog(`/v4/crawl/${ref.sessionId}/status`);
      expect(sent.map((v) => v.version).slice(0, versions.length)).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
      expect(subscriber.receipts[0]!.at).toBeGreaterThanOrEqual(sent[0]!.sentAt);
    } finally {
      subscriber.close();
    }
  });
});
