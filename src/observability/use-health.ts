import type { Plugin } from 'graphql-yoga';
import { withHotPath } from '../server/hot-path/hot-path-hooks.js';
import type { Readiness } from './readiness.js';

export interface HealthOptions {
  /**
   * Whose state `/ready` reports; without one the gateway counts as ready (in-process use).
   * @default always ready
   */
  readiness?: Readiness;
}

/**
 * `/ready`: 200 `{"status":"ready"}` while taking traffic, 503 with the state while starting or draining.
 * Liveness is yoga's own `/health`, which answers 200 as long as the process can serve HTTP at all.
 */
export function useHealth(options: HealthOptions): Plugin {
  // It answers its own path only, never the hot path's /graphql.
  return withHotPath({
    onRequest({ url, fetchAPI, endResponse }) {
      if (url.pathname !== '/ready') return;
      const status = options.readiness?.state ?? 'ready';
      endResponse(
        new fetchAPI.Response(JSON.stringify({ status }), {
          status: status === 'ready' ? 200 : 503,
          headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        }),
      );
    },
  }, {});
}
