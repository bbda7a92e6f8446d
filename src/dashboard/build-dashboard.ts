import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { DASHBOARD_BUILD_DIR, DASHBOARD_SOURCE_DIR } from './dashboard-paths.js';

/** Served as they are, next to the bundle. */
const STATIC_FILES = ['index.html', 'favicon.svg'];

/**
 * Bundles the page into `outdir`: dashboard.js (with its source map) and dashboard.css from
 * src/dashboard/page/, plus the static files. esbuild needs some tens of milliseconds for it, so
 * `npm start` rebuilds every time (prestart) rather than guessing whether the bundle is stale.
 */
export async function buildDashboard(outdir: string = DASHBOARD_BUILD_DIR): Promise<void> {
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: [
      { in: join(DASHBOARD_SOURCE_DIR, 'main.ts'), out: 'dashboard' },
      { in: join(DASHBOARD_SOURCE_DIR, 'dashboard.css'), out: 'dashboard' },
    ],
    outdir,
    bundle: true,
    format: 'esm',
    target: ['chrome111', 'edge111', 'firefox114', 'safari16.4'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  await Promise.all(STATIC_FILES.map((file) => copyFile(join(DASHBOARD_SOURCE_DIR, file), join(outdir, file))));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildDashboard();
  console.log(`dashboard built into ${DASHBOARD_BUILD_DIR}`);
}
