import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { withHotPath } from '../server/hot-path/hot-path-hooks.js';

/** The header a request without a preflighted content type must carry (yoga's name, any value). */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/** Content types a browser may send cross-site without a preflight (the CORS "simple" ones). */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

function preflighted(contentType: string | null): boolean {
  if (!contentType) return false;
  const type = contentType.toLowerCase();
  return !SIMPLE_CONTENT_TYPES.some((simple) => type.startsWith(simple));
}

/**
 * yoga's CSRF prevention (@graphql-yoga/plugin-csrf-prevention), with a refusal that says what to
 * send: its own message names no header, so a client's first GET ends in a search. A plain link,
 * form or <img> cannot set a custom header, which is the whole point of asking for one. The hot
 * path takes only application/json POSTs, which no browser sends cross-site without a preflight.
 */
export function useCsrfPrevention(): Plugin {
  return withHotPath({
    onRequestParse({ request }) {
      if (preflighted(request.headers.get('content-type')) || request.headers.has(CSRF_HEADER)) return;
      throw createGraphQLError(
        `Required CSRF header not present: send \`${CSRF_HEADER}\` (any value) with a GET, or POST with content-type: application/json`,
        { extensions: { code: 'CSRF_HEADER_REQUIRED', http: { status: 403 } } },
      );
    },
  }, {});
}
