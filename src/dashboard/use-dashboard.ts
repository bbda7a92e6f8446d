import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { DASHBOARD_BUILD_DIR } from './dashboard-paths.js';

export interface DashboardOptions {
  /**
   * The built bundle to serve.
   * @default DASHBOARD_BUILD_DIR (dist/dashboard, written by `npm run build:dashboard`)
   */
  dir?: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};

/** One flat folder of plain names: nothing in a request path can step outside it. */
const ASSET_PATH = /^\/dashboard\/([a-z0-9-]+(?:\.[a-z0-9]+)+)$/;

/** The page loads only its own script, style and icon, and talks only to this origin. */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

const NOT_BUILT = 'The dashboard is not built yet: run `npm run build:dashboard` (`npm start` does it for you).\n';

/**
 * Serves the dashboard: the page at `/`, its files under `/dashboard/`. Everything else falls
 * through to yoga. Files are read per request, so a rebuild shows up without a restart; the
 * browser revalidates them (no-cache) because their names carry no content hash.
 */
export function useDashboard({ dir = DASHBOARD_BUILD_DIR }: DashboardOptions = {}): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const name = url.pathname === '/' ? 'index.html' : ASSET_PATH.exec(url.pathname)?.[1];
      if (name === undefined) return;
      const contentType = CONTENT_TYPES[extname(name)];
      let body: Buffer | null = null;
      if (contentType !== undefined) body = await readFile(join(dir, name)).catch(() => null);
      if (body === null) {
        const status = name === 'index.html' ? 503 : 404;
        endResponse(new fetchAPI.Response(status === 503 ? NOT_BUILT : 'Not found\n', { status, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
        return;
      }
      const headers: Record<string, string> = { 'content-type': contentType!, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
      if (name === 'index.html') Object.assign(headers, PAGE_HEADERS);
      endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers }));
    },
  };
}
