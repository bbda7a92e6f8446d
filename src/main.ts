import { ConfigError } from './config/env-reader.js';
import { loadConfig } from './config/load-config.js';
import { createLogger } from './observability/logger.js';
import { startGateway } from './start-gateway.js';
import { PROVIDERS, providerName } from './upstreams/provider.js';

/** The only place that reads the environment, listens, and handles signals. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, process.stdout.isTTY === true);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const logger = createLogger({ level: config.logLevel, pretty: config.prettyLogs });
  const running = await startGateway(config, { logger });
  const graphql = `${running.url}/graphql`;
  const lines = [
    `sessiongraph is listening on ${running.url}`,
    `  Dashboard: ${running.url}/  (live sessions, in a browser)`,
    config.trustedDocuments.length > 0
      ? `  Trusted documents only: ${config.trustedDocuments.join(', ')} (GraphiQL is off)`
      : `  GraphiQL:  ${graphql}  (open it in a browser)`,
  ];
  if (config.sandboxed.length > 0) {
    lines.push(`  Sandbox:   ${config.sandboxed.map(providerName).join(', ')} served by built-in simulators on loopback (demo sessions move every 2 s)`);
  }
  const real = PROVIDERS.filter((p) => !config.sandboxed.includes(p));
  if (real.length > 0) lines.push(`  Upstream:  ${real.map(providerName).join(', ')} at the configured base URLs`);
  lines.push(
    '',
    'Try:',
    `  curl -s ${graphql} -H 'content-type: application/json' \\`,
    `    -d '{"query":"{ kadoaCrawlSession(sessionId: \\"crawl-demo-1\\") { state providerStatus crawledPages } }"}'`,
  );
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal means the operator will not wait for the drain.
      logger.warn({ signal }, 'second signal: exiting without finishing the drain');
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal} received, shutting down`);
    logger.info({ signal, shutdownTimeoutMs: config.shutdownTimeoutMs }, 'draining: /ready is 503, no new connections, in-flight requests finish');
    // The drain itself is bounded; this only catches a close step that hangs (an upstream that never answers).
    setTimeout(() => {
      logger.error('shutdown did not finish in time');
      process.exit(1);
    }, config.shutdownTimeoutMs + 15_000).unref();
    running.close().then(
      () => {
        logger.info('shutdown complete');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('sessiongraph failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
