import { startServer, startUpstream, stopAll, type ServerChild, type UpstreamChild } from '../children.js';
import type { Runtime } from '../ipc.js';
import { runLoad } from '../load.js';
import { body, FIXED_SESSION, gid, SINGLE_SESSION_QUERY } from '../operations.js';
import { fmt, type Figure, type Section } from '../report.js';
import type { BenchSettings } from '../settings.js';

export const RSS_TARGET_BYTES = 150 * 1024 * 1024;
const TARGET_LOAD_SEC = 60;

const RUNTIMES: Record<Runtime, string> = { node: 'compiled, under plain node, as `npm start` runs it', tsx: 'under tsx, as `npm run dev` runs it' };

async function loadFor(settings: BenchSettings, upstream: UpstreamChild, runtime: Runtime): Promise<Figure[]> {
  let gateway: ServerChild | undefined;
  try {
    gateway = await startServer('gateway', upstream.info, { runtime });
    const idle = await gateway.remote.memory(true);
    let peak = idle.rss;
    const sampler = setInterval(() => {
      gateway!.remote.memory(false).then((m) => (peak = Math.max(peak, m.rss)), () => undefined);
    }, 1_000);
    let served = 0;
    try {
      const load = { url: gateway.info.url, body: body(SINGLE_SESSION_QUERY, { id: gid(FIXED_SESSION) }), connections: settings.connections, expect: '"isTerminal"' };
      served = (await runLoad({ ...load, durationSec: settings.memoryLoadSec })).count;
    } finally {
      clearInterval(sampler);
    }
    const after = await gateway.remote.memory(false);
    const collected = await gateway.remote.memory(true);
    peak = Math.max(peak, after.rss);
    const label = RUNTIMES[runtime];
    return [
      { name: `${label}: RSS idle after start-up`, value: fmt.mb(idle.rss) },
      { name: `${label}: RSS peak during load`, value: fmt.mb(peak) },
      {
        name: `${label}: RSS after ${settings.memoryLoadSec} s of load (${fmt.count(served)} requests)`,
        value: fmt.mb(after.rss),
        // The target is about a minute of load as `npm start` runs the gateway; a shorter run ends
        // near the peak, before V8 gives memory back. Under tsx (development) it is shown, not gated.
        ...(settings.memoryLoadSec >= TARGET_LOAD_SEC && runtime === 'node' ? { target: `< ${fmt.mb(RSS_TARGET_BYTES)}`, ok: after.rss < RSS_TARGET_BYTES } : {}),
      },
      { name: `${label}: heap used idle / after load and a full GC`, value: `${fmt.mb(idle.heapUsed)} / ${fmt.mb(collected.heapUsed)}` },
    ];
  } finally {
    await gateway?.stop();
  }
}

/**
 * RSS of the gateway process after the single-session load has run for `memoryLoadSec` (60 s in
 * full mode), compiled as `npm start` runs it and under tsx as `npm run dev` does; the two run at
 * the same time to keep the suite short, which halves each one's request rate but not what the
 * figure is about.
 */
export async function memoryScenario(settings: BenchSettings): Promise<Section> {
  let upstream: UpstreamChild | undefined;
  try {
    upstream = await startUpstream('fixed');
    const [node, tsx] = await Promise.all([loadFor(settings, upstream, 'node'), loadFor(settings, upstream, 'tsx')]);
    return {
      title: `Memory: gateway RSS after ${settings.memoryLoadSec} s of single-session load (${settings.connections} connections)`,
      figures: [...node, ...tsx],
    };
  } finally {
    await stopAll([upstream]);
  }
}
