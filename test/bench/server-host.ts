import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadConfig } from '../../src/config/load-config.js';
import type { HubStats } from '../../src/live/poller-hub.js';
import { closeServer, listen } from '../../src/sandbox/provider-server.js';
import { startGateway } from '../../src/start-gateway.js';
import { createBaselineProxy } from './baseline-proxy.js';
import { gatewayEnv } from './gateway-env.js';
import { serveParent } from './ipc.js';
import { startGatewayVariant, type GatewayVariant } from './gateway-variants.js';
import type { UpstreamInfo } from './upstream-host.js';

export type ServerRole = 'baseline' | 'gateway' | GatewayVariant;

export interface ServerInfo {
  role: ServerRole;
  url: string;
}

export interface MemoryFigures {
  rss: number;
  heapUsed: number;
  external: number;
}

export interface ServerApi {
  /** After a full GC when asked, so figures compare live memory rather than garbage not yet collected. */
  memory(gc: boolean): MemoryFigures;
  /** Active libuv handles and requests by type (sockets, timers...). */
  handles(): Record<string, number>;
  hubStats(): HubStats | null;
  /** Process warnings so far, counted by message (printing each one would flood a load run's output). */
  warnings(): Record<string, number>;
  /** CPU time this process has used, user plus system, in microseconds. */
  cpuMicros(): number;
  /** V8's sampling profiler, the one behind `node --cpu-prof`, started after warm-up so start-up is not in the profile. */
  startProfile(): Promise<void>;
  /** Writes the .cpuprofile to `path`. */
  stopProfile(path: string): Promise<void>;
}

/**
 * Child entry for the thing under load: the baseline proxy, the real gateway exactly as
 * `npm start` wires it (startGateway with config from the environment), or an experiment variant.
 * argv: role, then the upstream's info as JSON.
 */
async function main(role: ServerRole, upstream: UpstreamInfo): Promise<void> {
  let url: string;
  let close: () => Promise<void>;
  let hubStats: () => HubStats | null = () => null;
  const inspector = new Session();
  const warnings: Record<string, number> = {};
  process.on('warning', (warning) => {
    const key = `${warning.name}: ${warning.message}`;
    warnings[key] = (warnings[key] ?? 0) + 1;
  });
  if (role === 'baseline') {
    const proxy = createBaselineProxy(upstream);
    url = await listen(proxy.server, '127.0.0.1');
    close = async () => {
      await closeServer(proxy.server);
      await proxy.close();
    };
  } else {
    const env = gatewayEnv(upstream, process.env);
    const running = role === 'gateway' ? await startGateway(loadConfig(env), { sandboxTickMs: false }) : await startGatewayVariant(role, loadConfig(env));
    url = running.url;
    close = () => running.close();
    hubStats = () => running.hub.stats();
  }
  const api: ServerApi = {
    memory(gc) {
      if (gc) {
        globalThis.gc?.();
        globalThis.gc?.();
      }
      const { rss, heapUsed, external } = process.memoryUsage();
      return { rss, heapUsed, external };
    },
    handles() {
      const counts: Record<string, number> = {};
      for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
      return counts;
    },
    hubStats: () => hubStats(),
    warnings: () => warnings,
    cpuMicros() {
      const { user, system } = process.cpuUsage();
      return user + system;
    },
    async startProfile() {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
    },
    async stopProfile(path) {
      const { profile } = await inspector.post('Profiler.stop');
      writeFileSync(path, JSON.stringify(profile));
      inspector.disconnect();
    },
  };
  serveParent(api, { role, url } satisfies ServerInfo, close);
}

await main(process.argv[2] as ServerRole, JSON.parse(process.argv[3]!) as UpstreamInfo);
