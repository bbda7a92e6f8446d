import { startChild, type BenchChild, type Runtime } from './ipc.js';
import type { ServerApi, ServerInfo, ServerRole } from './server-host.js';
import type { UpstreamApi, UpstreamInfo, UpstreamKind } from './upstream-host.js';

export type UpstreamChild = BenchChild<UpstreamApi, UpstreamInfo>;
export type ServerChild = BenchChild<ServerApi, ServerInfo>;

export function startUpstream(kind: UpstreamKind): Promise<UpstreamChild> {
  return startChild<UpstreamApi, UpstreamInfo>('./upstream-host.ts', { args: [kind] });
}

export interface ServerOptions {
  /** Gateway settings, read by src/config.ts as `npm start` reads them. */
  env?: Record<string, string>;
  /** Extra node flags, e.g. `--cpu-prof`. */
  execArgv?: string[];
  /** @default 'node': compiled, as `npm start` runs the gateway (the baseline runs the same way, so they compare like for like) */
  runtime?: Runtime;
}

export function startServer(role: ServerRole, upstream: UpstreamInfo, options: ServerOptions = {}): Promise<ServerChild> {
  return startChild<ServerApi, ServerInfo>('./server-host.ts', {
    args: [role, JSON.stringify(upstream)],
    env: { LOG_LEVEL: 'silent', ...options.env },
    execArgv: ['--no-warnings', ...(options.execArgv ?? [])],
    runtime: options.runtime ?? 'node',
  });
}

/** Stops every child, whatever happens to the others. */
export async function stopAll(children: readonly ({ stop(): Promise<void> } | undefined)[]): Promise<void> {
  await Promise.allSettled(children.map((child) => child?.stop()));
}

/** A note per distinct warning the server emitted, so a scenario reports them once instead of once per request. */
export async function warningNotes(server: ServerChild): Promise<string[]> {
  const warnings = await server.remote.warnings();
  return Object.entries(warnings).map(([message, count]) => `${server.info.role} emitted ${count}x ${message}`);
}
