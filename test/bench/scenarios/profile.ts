import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, startUpstream, stopAll, type ServerChild, type UpstreamChild } from '../children.js';
import { summarizeProfile, type ProfileSummary } from '../cpu-profile.js';
import { runLoad, warmUp } from '../load.js';
import { body, FIXED_SESSION, gid, SINGLE_SESSION_QUERY } from '../operations.js';
import type { Section } from '../report.js';
import type { BenchSettings } from '../settings.js';
import type { ServerRole } from '../server-host.js';

export interface ProfileRun {
  path: string;
  summary: ProfileSummary;
  rps: number;
}

/** Runs the single-session load against a server and profiles it over the measured window only. */
export async function profileUnderLoad(settings: BenchSettings, role: ServerRole): Promise<ProfileRun> {
  const path = join(mkdtempSync(join(tmpdir(), 'sessiongraph-cpuprof-')), `${role}.cpuprofile`);
  let upstream: UpstreamChild | undefined;
  let server: ServerChild | undefined;
  let rps = 0;
  try {
    upstream = await startUpstream('fixed');
    server = await startServer(role, upstream.info);
    const load = { url: server.info.url, body: body(SINGLE_SESSION_QUERY, { id: gid(FIXED_SESSION) }), connections: settings.connections, expect: '"isTerminal"' };
    await warmUp(load, settings.warmUpSec);
    await server.remote.startProfile();
    rps = (await runLoad({ ...load, durationSec: settings.runSec * 2 })).rps;
    await server.remote.stopProfile(path);
  } finally {
    await stopAll([server, upstream]);
  }
  return { path, summary: summarizeProfile(path), rps };
}

const pct = (share: number) => `${(share * 100).toFixed(1)} %`;

/** Where graphql-jit would save time: the executor's own code (collecting fields, completing values). Resolvers, I/O and yoga stay. */
const EXECUTION_AREAS = ['@graphql-tools/executor', 'graphql/execution'];

/** Amdahl's bound: the speed-up if the execution share of the busy time cost nothing at all. */
export function jitCeiling(summary: ProfileSummary): { executionShare: number; ceiling: number } {
  const executionShare = summary.areas.filter((a) => EXECUTION_AREAS.includes(a.name)).reduce((n, a) => n + a.share, 0) / summary.busy;
  return { executionShare, ceiling: 1 / (1 - executionShare) };
}

export async function profileScenario(settings: BenchSettings, role: ServerRole = 'gateway'): Promise<Section> {
  const run = await profileUnderLoad(settings, role);
  const { summary } = run;
  const jit = jitCeiling(summary);
  return {
    title: `CPU profile of ${role} under single-session load (self time, share of all samples)`,
    figures: [
      { name: 'busy (not idle)', value: pct(summary.busy) },
      { name: 'graph execution (the part graphql-jit replaces), share of busy time', value: pct(jit.executionShare) },
      { name: 'graphql-jit ceiling: speed-up if execution cost nothing', value: `${jit.ceiling.toFixed(2)}x`, target: 'worth trying at >= 1.30x' },
      ...summary.areas.slice(0, 25).map((a) => ({ name: `area ${a.name}`, value: pct(a.share) })),
      ...summary.functions.map((f) => ({ name: f.name, value: pct(f.share) })),
    ],
    notes: [`${Math.round(run.rps)} req/s while profiled; profile: ${run.path} (open it in Chrome DevTools > Performance, or speedscope)`],
  };
}
