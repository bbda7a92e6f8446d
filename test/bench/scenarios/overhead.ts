import { isDeepStrictEqual } from 'node:util';
import { startServer, startUpstream, stopAll, type ServerChild, type UpstreamChild } from '../children.js';
import { runLoad, warmUp, type LoadOptions, type LoadResult } from '../load.js';
import { body, FIXED_SESSION, gid, SANDBOX_SESSION, SINGLE_SESSION_QUERY } from '../operations.js';
import { fmt, type Section } from '../report.js';
import type { BenchSettings } from '../settings.js';
import { median } from '../stats.js';
import type { UpstreamKind } from '../upstream-host.js';

export const THROUGHPUT_TARGET = 0.5;
export const ADDED_P50_TARGET_MS = 1;

export interface OverheadFigures {
  baseline: LoadResult[];
  gateway: LoadResult[];
  /** Gateway req/s over baseline req/s, one per interleaved pair. */
  ratios: number[];
  /** Baseline CPU per request over gateway CPU per request, one per pair: the throughput ratio each would reach with a core of its own. */
  cpuRatios: number[];
}

export async function postJson(url: string, requestBody: string): Promise<any> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: requestBody });
  return response.json();
}

/** The figures are only worth comparing when both servers give the same answer; fetchedAt is the one field that differs. */
export async function assertSameAnswer(baselineUrl: string, gatewayUrl: string, requestBody: string): Promise<void> {
  const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'fetchedAt' ? undefined : v)));
  const [fromBaseline, fromGateway] = await Promise.all([postJson(baselineUrl, requestBody), postJson(gatewayUrl, requestBody)]);
  if (fromGateway.errors || !isDeepStrictEqual(strip(fromBaseline), strip(fromGateway))) {
    throw new Error(`baseline and gateway answer differently:\n${JSON.stringify(fromBaseline)}\n${JSON.stringify(fromGateway)}`);
  }
}

/**
 * Each run loads every target in turn, in an order that rotates from run to run, so a slow spell
 * on the shared machine lands on all of them, and figures compare within one run.
 */
export async function rotatedRuns<K extends string>(
  settings: Pick<BenchSettings, 'runs' | 'warmUpSec'>,
  durationSec: number,
  targets: Record<K, Omit<LoadOptions, 'durationSec'>>,
  between: () => Promise<void> = async () => {},
): Promise<Record<K, LoadResult[]>> {
  const keys = Object.keys(targets) as K[];
  for (const key of keys) await warmUp(targets[key], settings.warmUpSec);
  const results = Object.fromEntries(keys.map((key) => [key, [] as LoadResult[]])) as Record<K, LoadResult[]>;
  for (let run = 0; run < settings.runs; run += 1) {
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[(run + i) % keys.length]!;
      await between();
      const result = await runLoad({ ...targets[key], durationSec });
      if (result.failures > 0) throw new Error(`${key}: ${result.failures} failed requests in a load run`);
      results[key].push(result);
    }
  }
  return results;
}

/** Gateway against baseline at the throughput settings, with a ratio per run. */
export async function interleavedRuns(
  settings: Pick<BenchSettings, 'runs' | 'runSec' | 'warmUpSec'>,
  baseline: Omit<LoadOptions, 'durationSec'>,
  gateway: Omit<LoadOptions, 'durationSec'>,
  between?: () => Promise<void>,
): Promise<OverheadFigures> {
  const results = await rotatedRuns(settings, settings.runSec, { baseline, gateway }, between);
  return {
    ...results,
    ratios: results.gateway.map((g, i) => g.rps / results.baseline[i]!.rps),
    cpuRatios: results.gateway.map((g, i) => results.baseline[i]!.cpuPerRequestUs / g.cpuPerRequestUs),
  };
}

const med = (results: readonly LoadResult[], key: keyof LoadResult) => median(results.map((r) => r[key]));

/** Single session: throughput and latency at a fixed concurrency, then added latency at concurrency 1. */
export async function overheadScenario(settings: BenchSettings, kind: UpstreamKind): Promise<Section> {
  let upstream: UpstreamChild | undefined;
  let baseline: ServerChild | undefined;
  let gateway: ServerChild | undefined;
  try {
    upstream = await startUpstream(kind);
    [baseline, gateway] = await Promise.all([startServer('baseline', upstream.info), startServer('gateway', upstream.info)]);
    const ref = kind === 'sandbox' ? SANDBOX_SESSION : FIXED_SESSION;
    const requestBody = body(SINGLE_SESSION_QUERY, { id: gid(ref) });
    await assertSameAnswer(baseline.info.url, gateway.info.url, requestBody);
    const reset = () => upstream!.remote.reset();
    const expect = '"isTerminal"';

    const loaded = await interleavedRuns(
      settings,
      { url: baseline.info.url, body: requestBody, connections: settings.connections, expect, cpuMicros: baseline.remote.cpuMicros },
      { url: gateway.info.url, body: requestBody, connections: settings.connections, expect, cpuMicros: gateway.remote.cpuMicros },
      reset,
    );
    const ratio = median(loaded.ratios);
    const cpuRatio = median(loaded.cpuRatios);

    // Concurrency 1: the upstream on its own, then through each proxy; each added figure is a difference of medians.
    const serial = await rotatedRuns(
      settings,
      settings.latencySec,
      {
        upstream: { url: upstream.info.baseUrls.PING, path: `/sessions/${ref.sessionId}/status`, headers: { authorization: upstream.info.keys.PING }, connections: 1, expect: '"status"' },
        baseline: { url: baseline.info.url, body: requestBody, connections: 1, expect },
        gateway: { url: gateway.info.url, body: requestBody, connections: 1, expect },
      },
      reset,
    );
    const upstreamP50 = med(serial.upstream, 'p50');
    const gatewayAdded = med(serial.gateway, 'p50') - upstreamP50;
    const baselineAdded = med(serial.baseline, 'p50') - upstreamP50;

    const c = settings.connections;
    return {
      title: `Single session (${kind === 'sandbox' ? 'sandbox upstream' : 'fixed-response upstream'})`,
      figures: [
        { name: `baseline req/s at ${c} connections`, value: fmt.rps(med(loaded.baseline, 'rps')) },
        { name: `gateway req/s at ${c} connections`, value: fmt.rps(med(loaded.gateway, 'rps')) },
        { name: 'throughput ratio gateway/baseline (median of pairs)', value: fmt.ratio(ratio), target: `>= ${THROUGHPUT_TARGET}x`, ok: ratio >= THROUGHPUT_TARGET },
        { name: 'CPU per request baseline / gateway', value: `${med(loaded.baseline, 'cpuPerRequestUs').toFixed(0)} µs / ${med(loaded.gateway, 'cpuPerRequestUs').toFixed(0)} µs` },
        { name: 'CPU-time ratio (baseline CPU/request over gateway CPU/request)', value: fmt.ratio(cpuRatio), target: `>= ${THROUGHPUT_TARGET}x`, ok: cpuRatio >= THROUGHPUT_TARGET },
        { name: `baseline p50 / p99 at ${c} connections`, value: `${fmt.ms(med(loaded.baseline, 'p50'))} / ${fmt.ms(med(loaded.baseline, 'p99'))}` },
        { name: `gateway p50 / p99 at ${c} connections`, value: `${fmt.ms(med(loaded.gateway, 'p50'))} / ${fmt.ms(med(loaded.gateway, 'p99'))}` },
        { name: 'upstream alone p50 at concurrency 1', value: fmt.ms(upstreamP50) },
        { name: 'baseline-added p50 at concurrency 1', value: fmt.ms(baselineAdded) },
        { name: 'gateway-added p50 at concurrency 1', value: fmt.ms(gatewayAdded), target: `< ${ADDED_P50_TARGET_MS} ms`, ok: gatewayAdded < ADDED_P50_TARGET_MS },
        { name: 'GraphQL-added p50 (gateway minus baseline) at concurrency 1', value: fmt.ms(gatewayAdded - baselineAdded) },
      ],
      notes: [
        `throughput ratios per pair: ${loaded.ratios.map((r) => r.toFixed(2)).join(', ')}; CPU-time ratios: ${loaded.cpuRatios.map((r) => r.toFixed(2)).join(', ')}`,
      ],
    };
  } finally {
    await stopAll([gateway, baseline, upstream]);
  }
}
