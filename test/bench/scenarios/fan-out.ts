import { startServer, startUpstream, stopAll, warningNotes, type ServerChild, type UpstreamChild } from '../children.js';
import type { FixedUpstreamStats } from '../fixed-upstream.js';
import { runLoad } from '../load.js';
import { aliasesQuery, body, FAN_OUT_QUERY, fanOutRefs, FIXED_SESSION, gid } from '../operations.js';
import { fmt, type Section } from '../report.js';
import type { BenchSettings } from '../settings.js';
import { median } from '../stats.js';
import { assertSameAnswer, postJson, rotatedRuns } from './overhead.js';

export const FAN_OUT_SESSIONS = 50;
export const ALIASES = 100;
/** The default query limits refuse 100 aliases (and their tokens) before anything is fetched; the figure is about de-duplication, so they are raised. */
export const DUPLICATES_LIMITS = { MAX_ALIASES: String(ALIASES), MAX_TOKENS: '10000' };
/** Long enough that 50 requests made one after the other could not hide inside one. */
const UPSTREAM_DELAY_MS = 50;
/** Operations whose upstream calls are counted one by one. */
const COUNTED_OPERATIONS = 5;

export interface CallCounts {
  requests: number[];
  distinct: number[];
  duplicates: number[];
  byProvider: FixedUpstreamStats['byProvider'];
}

/** Sends `requestBody` `times` times, counting at the upstream what each single operation asked for. */
export async function countUpstreamCalls(upstream: UpstreamChild, gatewayUrl: string, requestBody: string, times = COUNTED_OPERATIONS): Promise<CallCounts> {
  const counts: CallCounts = { requests: [], distinct: [], duplicates: [], byProvider: { DEEPSET: 0, PARADIGM: 0, PING: 0, KADOA: 0 } };
  for (let i = 0; i < times; i += 1) {
    await upstream.remote.reset();
    const answer = await postJson(gatewayUrl, requestBody);
    if (answer.errors) throw new Error(`the gateway answered with errors: ${JSON.stringify(answer.errors)}`);
    const stats = await upstream.remote.stats();
    counts.requests.push(stats.requests);
    counts.distinct.push(stats.distinctPaths);
    counts.duplicates.push(stats.duplicates);
    counts.byProvider = stats.byProvider;
  }
  return counts;
}

const same = (values: readonly number[]) => values.every((v) => v === values[0]);
const describe = (values: readonly number[]) => (same(values) ? String(values[0]) : values.join(', '));

/** Fan-out (50 sessions over four providers) and duplicates (100 aliases of one session), counted at the upstream. */
export async function fanOutScenario(settings: BenchSettings): Promise<Section[]> {
  let upstream: UpstreamChild | undefined;
  let baseline: ServerChild | undefined;
  let gateway: ServerChild | undefined;
  try {
    upstream = await startUpstream('fixed');
    [baseline, gateway] = await Promise.all([startServer('baseline', upstream.info), startServer('gateway', upstream.info, { env: DUPLICATES_LIMITS })]);
    const refs = fanOutRefs(FAN_OUT_SESSIONS);
    const fanOutBody = body(FAN_OUT_QUERY, { ids: refs.map(gid) });
    await assertSameAnswer(baseline.info.url, gateway.info.url, fanOutBody);

    const calls = await countUpstreamCalls(upstream, gateway.info.url, fanOutBody);
    const callsOk = calls.requests.every((n) => n === FAN_OUT_SESSIONS) && calls.distinct.every((n) => n === FAN_OUT_SESSIONS) && calls.duplicates.every((n) => n === 0);

    await upstream.remote.setDelay(UPSTREAM_DELAY_MS);
    const delayed = { baseline: [] as number[], gateway: [] as number[] };
    const peaks: number[] = [];
    for (let i = 0; i < COUNTED_OPERATIONS; i += 1) {
      for (const which of ['baseline', 'gateway'] as const) {
        await upstream.remote.reset();
        const started = performance.now();
        await postJson((which === 'baseline' ? baseline : gateway).info.url, fanOutBody);
        delayed[which].push(performance.now() - started);
        if (which === 'gateway') peaks.push((await upstream.remote.stats()).peakInFlight);
      }
    }
    await upstream.remote.setDelay(0);

    const expect = '"sessions"';
    const latency = await rotatedRuns(
      settings,
      settings.latencySec,
      { baseline: { url: baseline.info.url, body: fanOutBody, connections: 1, expect }, gateway: { url: gateway.info.url, body: fanOutBody, connections: 1, expect } },
      () => upstream!.remote.reset(),
    );
    const gatewayP50 = median(latency.gateway.map((r) => r.p50));
    const baselineP50 = median(latency.baseline.map((r) => r.p50));

    const aliasBody = body(aliasesQuery(ALIASES), { id: gid(FIXED_SESSION) });
    const aliasCalls = await countUpstreamCalls(upstream, gateway.info.url, aliasBody);
    const aliasLatency = await runLoad({ url: gateway.info.url, body: aliasBody, connections: 1, durationSec: settings.latencySec * 2, expect: '"a99"' });
    const singleCallEach = aliasCalls.requests.every((n) => n === 1);
    const warnings = await warningNotes(gateway);

    return [
      {
        title: `Fan-out: one operation asking for ${FAN_OUT_SESSIONS} sessions across the four providers`,
        figures: [
          { name: 'upstream calls per operation', value: describe(calls.requests), target: `${FAN_OUT_SESSIONS}`, ok: callsOk },
          { name: 'distinct sessions fetched per operation', value: describe(calls.distinct), target: `${FAN_OUT_SESSIONS}`, ok: callsOk },
          { name: 'duplicate upstream calls per operation', value: describe(calls.duplicates), target: '0', ok: callsOk },
          { name: 'calls per provider (deepset, paradigm, ping, kadoa)', value: Object.values(calls.byProvider).join(', ') },
          { name: `peak in-flight upstream requests (upstream answers after ${UPSTREAM_DELAY_MS} ms)`, value: describe(peaks), target: `${FAN_OUT_SESSIONS} (all at once)`, ok: peaks.every((p) => p === FAN_OUT_SESSIONS) },
          {
            name: `operation latency with a ${UPSTREAM_DELAY_MS} ms upstream, baseline / gateway (median)`,
            value: `${fmt.ms(median(delayed.baseline))} / ${fmt.ms(median(delayed.gateway))} (one after another: ${FAN_OUT_SESSIONS * UPSTREAM_DELAY_MS} ms)`,
          },
          { name: 'baseline latency p50 at concurrency 1 (median of runs)', value: fmt.ms(baselineP50) },
          { name: 'gateway latency p50 at concurrency 1 (median of runs)', value: fmt.ms(gatewayP50) },
          { name: 'gateway latency p99 at concurrency 1 (median of runs)', value: fmt.ms(median(latency.gateway.map((r) => r.p99))) },
          { name: 'latency ratio gateway/baseline', value: fmt.ratio(gatewayP50 / baselineP50) },
        ],
        notes: warnings,
      },
      {
        title: `Duplicates: one operation with ${ALIASES} aliases of the same session`,
        figures: [
          { name: 'upstream calls per operation', value: describe(aliasCalls.requests), target: '1', ok: singleCallEach },
          { name: 'gateway latency p50 / p99 at concurrency 1', value: `${fmt.ms(aliasLatency.p50)} / ${fmt.ms(aliasLatency.p99)}` },
        ],
        notes: [`run with ${Object.entries(DUPLICATES_LIMITS).map(([k, v]) => `${k}=${v}`).join(' ')}: the default query limits refuse ${ALIASES} aliases`],
      },
    ];
  } finally {
    await stopAll([gateway, baseline, upstream]);
  }
}
