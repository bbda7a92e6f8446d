import type { Plugin } from 'graphql-yoga';
import { withHotPath } from '../server/hot-path/hot-path-hooks.js';

/** What yoga's result processors can write: plain results, SSE and multipart. */
const PRODUCIBLE = ['application/graphql-response+json', 'application/json', 'text/event-stream', 'multipart/mixed'];

function acceptable(accept: string | null): boolean {
  for (const range of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [type = '', ...params] = range.split(';');
    if (params.some((param) => param.startsWith('charset=') && param !== 'charset=utf-8')) continue;
    const [main, sub] = type.split('/');
    if (PRODUCIBLE.some((produced) => (main === '*' || produced.startsWith(`${main}/`)) && (sub === '*' || produced.endsWith(`/${sub}`)))) return true;
  }
  return false;
}

/**
 * 406 before anything runs. yoga only finds out that it cannot write any type the client accepts
 * after executing the operation, which for a mutation means closing a session and then refusing
 * to say so. The hot path takes only Accept values it can answer (src/server/hot-path/hot-path.ts).
 */
export function useEarlyNotAcceptable(): Plugin {
  return withHotPath({
    onRequestParse({ request, endResponse, fetchAPI }) {
      if (!acceptable(request.headers.get('accept'))) endResponse(new fetchAPI.Response(null, { status: 406, statusText: 'Not Acceptable' }));
    },
  }, {});
}
