import type { DemoSessions, PingSessionStatus } from '../../sandbox/demo-sessions.js';
import { decodePathParam, errorReplies, jsonReply, type Reply } from '../../sandbox/http-server.js';
import type { ProviderApi, RouteHandler } from '../../sandbox/provider-api.js';

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
  /** Reads the id for every route; the reply instead when it is malformed or unknown. */
  const knownId = (raw: string | undefined): { id: string; session: PingSessionStatus } | { reply: Reply } => {
    const id = decodePathParam(raw);
    if (id === undefined || !PLAUSIBLE_ID.test(id)) return { reply: sessionError(400, 'INVALID_SESSION_ID', 'Session ID is malformed') };
    const session = demos.pingSession(id);
    return session === undefined ? { reply: sessionError(404, 'SESSION_NOT_FOUND', 'Session not found') } : { id, session };
  };
  /** Pause and resume: `act` says whether the session moved, else the contract's 400 with `code`. */
  const command = (act: (id: string) => boolean, paused: boolean, code: string, message: string): RouteHandler => ({ params }) => {
    const target = knownId(params.id);
    if ('reply' in target) return target.reply;
    return act(target.id) ? jsonReply(200, { session_id: target.id, paused }) : sessionError(400, code, message);
  };
  return {
    provider: 'PING',
    basePath: '/customer/v2',
    auth: { kind: 'header', name: 'authorization' },
    routes: [
      {
        pattern: /^\/sessions\/(?<id>[^/]*)\/pause$/,
        methods: {
          PATCH: command((id) => demos.pausePingSession(id), true, 'SESSION_NOT_PAUSABLE', 'Session is not reusable or already paused'),
        },
      },
      {
        pattern: /^\/sessions\/(?<id>[^/]*)\/resume$/,
        methods: {
          PATCH: command((id) => demos.resumePingSession(id), false, 'SESSION_NOT_PAUSED', 'Session is not paused or not reusable'),
        },
      },
      {
        pattern: /^\/sessions\/(?<id>[^/]*)\/status$/,
        methods: {
          GET: ({ params }) => {
            const target = knownId(params.id);
            return 'reply' in target ? target.reply : jsonReply(200, target.session);
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
