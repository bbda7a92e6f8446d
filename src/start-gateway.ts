import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from './config.js';
import { createGateway, type Gateway } from './gateway.js';
import { createPollerHub, type PollerHub } from './live/poller-hub.js';
import { startSandbox, type Sandbox } from './sandbox/sandbox.js';
import { attachGraphqlWs, type WebSocketTransport } from './transport/graphql-ws.js';
import { silentLogger, type Logger } from './observability/logger.js';
import { PROVIDERS, type Provider } from './upstreams/provider.js';
import { createUpstreams, type UpstreamTarget, type Upstreams } from './upstreams/upstreams.js';

export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000 */
  url: string;
  gateway: Gateway;
  server: Server;
  webSockets: WebSocketTransport;
  hub: PollerHub;
  upstreams: Upstreams;
  /** Present when at least one provider is sandboxed. */
  sandbox: Sandbox | null;
  close(): Promise<void>;
}

export interface StartOptions {
  /** @default a silent logger */
  logger?: Logger;
  /**
   * Sandbox demo sessions advance on their own every N ms; tests pass false and call tick().
   * @default 2000
   */
  sandboxTickMs?: number | false;
}

/**
 * Wires config into running parts: the sandbox for every provider without a base URL, one pool
 * per provider, the poller hub, and the HTTP listener. main.ts and the end-to-end tests share it.
 */
export async function startGateway(config: GatewayConfig, options: StartOptions = {}): Promise<RunningGateway> {
  const tickMs = options.sandboxTickMs ?? 2_000;
  const logger = options.logger ?? silentLogger();
  const sandbox = config.sandboxed.length > 0 ? await startSandbox({ autoTickMs: tickMs, loopAfterTicks: tickMs === false ? false : 15 }) : null;
  const targets = Object.fromEntries(
    PROVIDERS.map((provider): [Provider, UpstreamTarget] => {
      const configured = config.providers[provider];
      if (configured.baseUrl && configured.apiKey) return [provider, { baseUrl: configured.baseUrl, apiKey: configured.apiKey }];
      if (!sandbox) throw new Error(`${provider} has neither a base URL nor a sandbox`);
      return [provider, { baseUrl: sandbox.urls[provider], apiKey: sandbox.keys[provider] }];
    }),
  ) as Record<Provider, UpstreamTarget>;

  const upstreams = createUpstreams(targets, config.http);
  const hub = createPollerHub({
    intervals: Object.fromEntries(PROVIDERS.map((p) => [p, { baseMs: config.providers[p].pollIntervalMs, maxMs: Math.max(config.pollMaxIntervalMs, config.providers[p].pollIntervalMs) }])),
  });
  const credentials = Object.fromEntries(PROVIDERS.map((p) => [p, targets[p].apiKey])) as Record<Provider, string>;
  const gateway = createGateway({
    upstreams,
    hub,
    credentials,
    limits: { maxIdsPerField: config.maxIdsPerField },
    logger,
    graphiql: true,
  });

  const server = createServer(gateway);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const webSockets = attachGraphqlWs(server, gateway);
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    gateway,
    server,
    webSockets,
    hub,
    upstreams,
    sandbox,
    close() {
      closing ??= (async () => {
        // Pollers first: that completes every open subscription, so clients see a clean end.
        await hub.close();
        await webSockets.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await upstreams.close();
        await sandbox?.close();
      })();
      return closing;
    },
  };
}
