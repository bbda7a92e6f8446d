import { startSandbox } from '../../src/sandbox/sandbox.js';
import type { Provider } from '../../src/upstreams/provider.js';
import { FIXED_UPSTREAM_KEYS, startFixedUpstream, type FixedUpstreamStats, type LiveVersion } from './fixed-upstream.js';
import { serveParent } from './ipc.js';

export type UpstreamKind = 'fixed' | 'sandbox';

export interface UpstreamInfo {
  kind: UpstreamKind;
  baseUrls: Record<Provider, string>;
  keys: Record<Provider, string>;
}

export interface UpstreamApi {
  stats(): FixedUpstreamStats;
  reset(): void;
  setDelay(ms: number): void;
  liveLog(path: string): LiveVersion[];
}

/** Child entry: the upstream every proxy under test talks to, in a process of its own. */
async function main(kind: UpstreamKind): Promise<void> {
  if (kind === 'sandbox') {
    const sandbox = await startSandbox({ autoTickMs: false });
    const stats = (): FixedUpstreamStats => {
      const byProvider = { DEEPSET: 0, PARADIGM: 0, PING: 0, KADOA: 0 };
      const paths = new Set<string>();
      for (const request of sandbox.requests) {
        byProvider[request.provider] += 1;
        paths.add(request.path);
      }
      const requests = sandbox.requests.length;
      return { requests, distinctPaths: paths.size, duplicates: requests - paths.size, peakInFlight: Number.NaN, byProvider };
    };
    const api: UpstreamApi = {
      stats,
      // The request log grows with every request; a long load run empties it between runs.
      reset: () => sandbox.reset(),
      setDelay: () => {
        throw new Error('the sandbox has no delay switch; use the fixed upstream');
      },
      liveLog: () => [],
    };
    serveParent(api, { kind, baseUrls: sandbox.urls, keys: sandbox.keys } satisfies UpstreamInfo, () => sandbox.close());
    return;
  }
  const upstream = await startFixedUpstream();
  const api: UpstreamApi = {
    stats: () => upstream.stats(),
    reset: () => upstream.reset(),
    setDelay: (ms) => upstream.setDelay(ms),
    liveLog: (path) => upstream.liveLog(path),
  };
  serveParent(api, { kind, baseUrls: upstream.baseUrls, keys: FIXED_UPSTREAM_KEYS } satisfies UpstreamInfo, () => upstream.close());
}

await main(process.argv[2] === 'sandbox' ? 'sandbox' : 'fixed');
