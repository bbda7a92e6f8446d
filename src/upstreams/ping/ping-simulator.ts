import type { DemoSessions } from '../../sandbox/demo-sessions.js';
import { decodePathParam, errorReplies, jsonReply, type Reply } from '../../sandbox/http-server.js';
import type { ProviderApi } from '../../sandbox/provider-api.js';

const CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

/** The contract documents a 400; the sandbox gives it to ids no real session could have (empty, spaces, slashes). */
const PLAUSIBLE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

function pingErrorBody(code: string, message: string): unknown {
  return { error: { code, message, details: {} } };
}

const pingError = errorReplies((status, message) => pingErrorBody(CODES[status] ?? `HTTP_${status}`, message));

export function createPingApi(demos: DemoSessions): ProviderApi {
  const sessionError = (status: number, code: string, message: string): Reply => jsonReply(status, pingErrorBody(code, message));
  /** Reads the id as the status route does; undefined with the reply when it is malformed or unknown. */
  const knownId = (raw: string | undefined): { id: string } | { reply: Reply } => {
    const id = decodePathParam(raw);
    if (id === undefined || !PLAUSIBLE_ID.test(id)) return { reply: sessionError(400, 'INVALID_SESSION_ID', 'Session ID is malformed') };
    return demos.pingSession(id) === undefined ? { reply: sessionError(404, 'SESSION_NOT_FOUND', 'Session not found') } : { id };
  };
  return {
    provider: 'PING',
    basePath: '/customer/v2',
    auth: { kind: 'header', name: 'authorization' },
    routes: [
      {
        pattern: /^\/sessions\/(?<id>[^/]*)\/pause$/,
        methods: {
          PATCH: ({ params }) => {
            const target = knownId(params.id);
            if ('reply' in target) return target.reply;
            if (demos.pausePingSession(target.id) !== 'paused') {
              return sessionError(400, 'SESSION_NOT_PAUSABLE', 'Session is not reusable or already paused');
            }
            return jsonReply(200, { session_id: target.id, paused: true });
          },
        },
      },
      {
        pattern: /^\/sessions\/(?<id>[^/]*)\/resume$/,
        methods: {
          PATCH: ({ params }) => {
            const target = knownId(params.id);
            if ('reply' in target) return target.reply;
            if (demos.resumePingSession(target.id) !== 'resumed') {
              return sessionError(400, 'SESSION_NOT_PAUSED', 'Session is not paused or not reusable');
            }
            return jsonReply(200, { session_id: target.id, paused: false });
          },
        },
      },
      {
        pattern: /^\/sessions\/(?<id>[^/]*)\/status$/,
        methods: {
          GET: ({ params }) => {
            const id = decodePathParam(params.id);
            if (id === undefined || !PLAUSIBLE_ID.test(id)) return sessionError(400, 'INVALID_SESSION_ID', 'Session ID is malformed');
            const session = demos.pingSession(id);
            return session === undefined ? sessionError(404, 'SESSION_NOT_FOUND', 'Session not found') : jsonReply(200, session);
          },
        },
      },
    ],
    errorReply: pingError,
    contractViolation: () => ({ client_id: 'client-demo-1', status: 'connecting', duration: '12', uploaded_bytes: 0, downloaded_bytes: 0 }),
    paddedBody: (padding) => ({
      client_id: `client-demo-1${padding}`,
      status: 'connected',
      duration: 0,
      uploaded_bytes: 0n,
      downloaded_bytes: 0n,
    }),
  };
}
