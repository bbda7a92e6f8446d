import { DEEPSET_DEMO_WORKSPACE, demoTime, type DemoSessions } from '../../sandbox/demo-sessions.js';
import { decodePathParam, emptyReply, errorReplies, jsonReply, type Reply } from '../../sandbox/http-server.js';
import type { ProviderApi } from '../../sandbox/provider-api.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One entry of FastAPI's HTTPValidationError, in pydantic v2's words. */
interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

const deepsetError = errorReplies(
  (status, message) => (status === 422 ? { detail: [{ loc: ['body'], msg: message, type: 'value_error' }] } : { detail: message }),
  [409],
);

/**
 * deepset Cloud is FastAPI: path and body are validated together and every problem comes back in one
 * 422, before the workspace or session is looked up.
 */
export function createDeepsetApi(demos: DemoSessions): ProviderApi {
  const validationFailed = (issues: ValidationIssue[]): Reply => jsonReply(422, { detail: issues });
  const sessionNotFound = (id: string): Reply =>
    jsonReply(404, { detail: `There's no session with the ID '${id}' in the workspace.` });

  const sessionIdIssue = (sessionId: string): ValidationIssue[] =>
    UUID.test(sessionId)
      ? []
      : [{ loc: ['path', 'session_id'], msg: 'Input should be a valid UUID', type: 'uuid_parsing', input: sessionId, ctx: { error: 'invalid format' } }];

  const findSession = (workspace: string, sessionId: string) =>
    workspace === DEEPSET_DEMO_WORKSPACE ? demos.deepsetSession(sessionId.toLowerCase()) : undefined;

  return {
    provider: 'DEEPSET',
    basePath: '',
    auth: { kind: 'bearer' },
    routes: [
      {
        pattern: /^\/api\/v1\/workspaces\/(?<workspace_name>[^/]+)\/upload_sessions\/(?<session_id>[^/]+)$/,
        methods: {
          GET: ({ params }) => {
            const sessionId = decodePathParam(params.session_id) ?? '';
            const issues = sessionIdIssue(sessionId);
            if (issues.length > 0) return validationFailed(issues);
            const session = findSession(decodePathParam(params.workspace_name) ?? '', sessionId);
            return session === undefined ? sessionNotFound(sessionId) : jsonReply(200, session);
          },
          PUT: async ({ params, body }) => {
            const sessionId = decodePathParam(params.session_id) ?? '';
            const issues = [...sessionIdIssue(sessionId), ...closeBodyIssues(await body())];
            if (issues.length > 0) return validationFailed(issues);
            if (findSession(decodePathParam(params.workspace_name) ?? '', sessionId) === undefined) return sessionNotFound(sessionId);
            return demos.closeDeepsetSession(sessionId.toLowerCase()) === 'closed' ? emptyReply(204) : deepsetError(409);
          },
        },
      },
    ],
    errorReply: deepsetError,
    contractViolation: () => ({
      session_id: 'd0000000-0000-4000-8000-000000000001',
      status: 'ARCHIVED',
      expires_at: demoTime(0),
    }),
    paddedBody: (padding) => ({
      session_id: 'd0000000-0000-4000-8000-000000000001',
      status: 'OPEN',
      expires_at: '2099-01-01T00:00:00Z',
      write_mode: 'KEEP',
      documentation_url: `https://docs.cloud.deepset.ai/docs/upload-files#${padding}`,
      ingestion_status: { failed_files: 0, finished_files: 0 },
    }),
  };
}

/** CloseSession has one optional field defaulting to CLOSED, so `{}` closes too; anything else is refused. */
function closeBodyIssues(raw: Buffer): ValidationIssue[] {
  if (raw.length === 0) return [{ loc: ['body'], msg: 'Field required', type: 'missing', input: null }];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    return [{ loc: ['body', 0], msg: 'JSON decode error', type: 'json_invalid', input: {}, ctx: { error: (error as Error).message } }];
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return [{ loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', type: 'model_attributes_type', input: parsed }];
  }
  const status: unknown = (parsed as Record<string, unknown>).status;
  if (status === undefined || status === 'CLOSED') return [];
  return [{ loc: ['body', 'status'], msg: "Input should be 'CLOSED'", type: 'literal_error', input: status, ctx: { expected: "'CLOSED'" } }];
}
