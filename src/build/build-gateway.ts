import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildDashboard } from '../dashboard/build-dashboard.js';

/** What `npm start` runs: the gateway as one ES module, its packages left to node_modules. */
export const GATEWAY_BUILD = fileURLToPath(new URL('../../dist/gateway/main.js', import.meta.url));

/**
 * Compiles the gateway to plain JavaScript (src/main.ts and everything it imports, about a second)
 * and bundles the dashboard. The gateway then runs under plain node: tsx's loader thread keeps
 * every transpiled module and costs about 35 MB of RSS for as long as the process lives
 * (docs/performance.md). `npm run dev` runs the sources through tsx instead.
 */
export async function buildGateway(options: { outfile?: string; dashboard?: boolean } = {}): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(new URL('../main.ts', import.meta.url))],
    outfile: options.outfile ?? GATEWAY_BUILD,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20.18',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  if (options.dashboard !== false) await buildDashboard();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildGateway();
  console.log(`gateway built into ${join(GATEWAY_BUILD, '..')}`);
}
