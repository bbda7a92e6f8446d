import type { DemoSessions } from '../../sandbox/demo-sessions.js';
import { decodePathParam, errorReplies, jsonReply } from '../../sandbox/http-server.js';
import type { ProviderApi } from '../../sandbox/provider-api.js';

/** Kadoa's errors carry `error: true`; `details` is null unless there were validation errors to list. */
const kadoaError = errorReplies((_status, message) => ({ error: true, message, details: null }));

export function createKadoaApi(demos: DemoSessions): ProviderApi {
  return {
    provider: 'KADOA',
    basePath: '',
    auth: { kind: 'header', name: 'x-api-key' },
    routes: [
      {
        pattern: /^\/v4\/crawl\/(?<sessionId>[^/]+)\/status$/,
        methods: {
          GET: ({ params }) => {
            const session = demos.kadoaSession(decodePathParam(params.sessionId) ?? '');
            return session === undefined ? kadoaError(404, 'Session not found') : jsonReply(200, session);
          },
        },
      },
    ],
    errorReply: kadoaError,
    contractViolation: () => ({ payload: { crawledPages: 1, finished: false, status: 'crawling' }, error: false }),
    paddedBody: (padding) => ({
      sessionId: 'crawl-demo-1',
      error: null,
      payload: { crawledPages: 0, finished: false, status: 'crawling', startUrl: `https://example.com/${padding}` },
    }),
  };
}
