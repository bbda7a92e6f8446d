import { startServer, startUpstream, stopAll, type ServerChild, type UpstreamChild } from '../children.js';
import { body, FIXED_SESSION, gid, SINGLE_SESSION_QUERY } from '../operations.js';
import { fmt, type Section } from '../report.js';
import type { ServerRole } from '../server-host.js';
import type { BenchSettings } from '../settings.js';
import { median } from '../stats.js';
import { assertSameAnswer, interleavedRuns } from './overhead.js';

export interface Experiment {
  name: string;
  role: ServerRole;
  /** Gateway settings for this run (src/config.ts names). */
  env?: Record<string, string>;
}

/** Each candidate fast path, priced as req/s against the same baseline, one variant at a time. */
export const EXPERIMENTS: readonly Experiment[] = [
  { name: 'gateway as configured by default', role: 'gateway' },
  { name: 'gateway, HOT_PATH=0 (every request through yoga)', role: 'gateway', env: { HOT_PATH: '0' } },
  { name: 'gateway, METRICS=0', role: 'gateway', env: { METRICS: '0' } },
  { name: 'gateway, UPSTREAM_CONNECTIONS=4', role: 'gateway', env: { UPSTREAM_CONNECTIONS: '4' } },
  { name: 'gateway, UPSTREAM_CONNECTIONS=128', role: 'gateway', env: { UPSTREAM_CONNECTIONS: '128' } },
  { name: 'gateway on plain pools, no pipelining (control for the next)', role: 'pipelined-1' },
  { name: 'gateway on plain pools, undici pipelining 8', role: 'pipelined-8' },
  { name: "plain yoga, yoga's own body limit (maxRequestBodySize)", role: 'plain-yoga' },
  { name: 'plain yoga, body limit by useRequestBodyLimit', role: 'plain-yoga-body-limit-plugin' },
  { name: 'plain yoga, no body limit at all', role: 'plain-yoga-no-body-limit' },
  { name: 'plain yoga, useRequestBodyLimit, requests in AsyncLocalStorage scopes', role: 'plain-yoga-async-local-storage' },
  { name: "plain yoga, yoga's body limit, no parser/validation cache", role: 'plain-yoga-no-cache' },
];

export async function experimentsScenario(settings: BenchSettings, only: readonly string[] = []): Promise<Section> {
  const figures: Section['figures'] = [];
  let upstream: UpstreamChild | undefined;
  let baseline: ServerChild | undefined;
  try {
    upstream = await startUpstream('fixed');
    baseline = await startServer('baseline', upstream.info);
    const requestBody = body(SINGLE_SESSION_QUERY, { id: gid(FIXED_SESSION) });
    const expect = '"isTerminal"';
    for (const experiment of EXPERIMENTS.filter((e) => only.length === 0 || only.some((o) => e.role === o))) {
      const server = await startServer(experiment.role, upstream.info, { env: experiment.env });
      try {
        await assertSameAnswer(baseline.info.url, server.info.url, requestBody);
        const runs = await interleavedRuns(
          settings,
          { url: baseline.info.url, body: requestBody, connections: settings.connections, expect, cpuMicros: baseline!.remote.cpuMicros },
          { url: server.info.url, body: requestBody, connections: settings.connections, expect, cpuMicros: server.remote.cpuMicros },
        );
        const cpu = median(runs.gateway.map((r) => r.cpuPerRequestUs));
        figures.push({
          name: experiment.name,
          value: `${cpu.toFixed(0)} µs CPU/req, CPU ratio ${fmt.ratio(median(runs.cpuRatios))}, req/s ratio ${fmt.ratio(median(runs.ratios))}`,
        });
      } finally {
        await server.stop();
      }
    }
  } finally {
    await stopAll([baseline, upstream]);
  }
  return { title: `Fast-path experiments (single session, fixed upstream, ${settings.connections} connections)`, figures };
}
