import {
  DEEPSET_DEMO_WORKSPACE,
  DEEPSET_OPEN_SESSION_LIMIT,
  demoTime,
  type DeepsetSessionDetail,
  type DemoSessions,
} from '../../sandbox/demo-sessions.js';
import { decodePathParam, emptyReply, errorReplies, jsonReply, parseJsonBody, type Reply } from '../../sandbox/http-server.js';
import { isJsonObject } from '../decode.js';
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

/** Creating an upload session in this workspace answers 402, as on deepset's free plan. */
export const DEEPSET_FREE_PLAN_WORKSPACE = 'free-plan';
const WRITE_MODES: readonly DeepsetSessionDetail['write_mode'][] = ['KEEP', 'OVERWRITE', 'FAIL', 'TEMPORARY'];
const MAX_EXPIRES_IN_SECONDS = 86_400;
const MAX_LIST_LIMIT = 100;

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
        pattern: /^\/api\/v1\/workspaces\/(?<workspace_name>[^/]+)\/upload_sessions$/,
        methods: {
          GET: ({ params, query }) => {
            const { issues, limit, pageNumber, isExpired } = listQuery(query);
            if (issues.length > 0) return validationFailed(issues);
            const all = decodePathParam(params.workspace_name) === DEEPSET_DEMO_WORKSPACE ? demos.deepsetSessions() : [];
            const matching = all.filter(({ status }) => isExpired === undefined || (status === 'EXPIRED') === isExpired);
            const offset = (pageNumber - 1) * limit;
            return jsonReply(200, {
              data: matching.slice(offset, offset + limit).map(({ session_id, status, expires_at, write_mode, created_at, created_by }) => ({
                session_id,
                created_by,
                created_at,
                expires_at,
                write_mode,
                status,
              })),
              has_more: offset + limit < matching.length,
              total: matching.length,
            });
          },
          POST: async ({ params, body }) => {
            const parsed = createBody(await body());
            if ('issues' in parsed) return validationFailed(parsed.issues);
            const workspace = decodePathParam(params.workspace_name);
            if (workspace === DEEPSET_FREE_PLAN_WORKSPACE) {
              return jsonReply(402, { detail: "You can't upload to this workspace through upload sessions on a free plan." });
            }
            if (workspace !== DEEPSET_DEMO_WORKSPACE) return jsonReply(404, { detail: 'Workspace not found.' });
            const open = demos.deepsetSessions().filter(({ status }) => status === 'OPEN').length;
            if (open >= DEEPSET_OPEN_SESSION_LIMIT) {
              return jsonReply(406, { detail: "You've reached the maximum number of upload sessions allowed per user." });
            }
            const session = demos.createDeepsetSession(parsed.writeMode, parsed.expiresInSeconds);
            return jsonReply(201, {
              session_id: session.session_id,
              documentation_url: session.documentation_url,
              expires_at: session.expires_at,
              aws_prefixed_request_config: {
                url: 'https://sandbox-uploads.invalid/',
                fields: { key: `sandbox/${session.session_id}/\${filename}`, policy: 'sandbox-policy' },
              },
            });
          },
        },
      },
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
            return demos.closeDeepsetSession(sessionId.toLowerCase()) ? emptyReply(204) : deepsetError(409);
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

/** A required JSON object body, or the one issue FastAPI reports when it is missing, malformed or not an object. */
function objectBody(raw: Buffer): { issues: ValidationIssue[] } | { body: Record<string, unknown> } {
  const parsed = parseJsonBody(raw);
  if (parsed.kind === 'empty') return { issues: [{ loc: ['body'], msg: 'Field required', type: 'missing', input: null }] };
  if (parsed.kind === 'invalid') {
    return { issues: [{ loc: ['body', 0], msg: 'JSON decode error', type: 'json_invalid', input: {}, ctx: { error: parsed.message } }] };
  }
  if (!isJsonObject(parsed.value)) {
    return { issues: [{ loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', type: 'model_attributes_type', input: parsed.value }] };
  }
  return { body: parsed.value };
}

/** CloseSession has one optional field defaulting to CLOSED, so `{}` closes too; anything else is refused. */
function closeBodyIssues(raw: Buffer): ValidationIssue[] {
  const parsed = objectBody(raw);
  if ('issues' in parsed) return parsed.issues;
  const { status } = parsed.body;
  if (status === undefined || status === 'CLOSED') return [];
  return [{ loc: ['body', 'status'], msg: "Input should be 'CLOSED'", type: 'literal_error', input: status, ctx: { expected: "'CLOSED'" } }];
}

/** `limit`, `page_number` and `is_expired` as FastAPI reads them; the sandbox also refuses pages below 1. */
function listQuery(query: URLSearchParams): { issues: ValidationIssue[]; limit: number; pageNumber: number; isExpired: boolean | undefined } {
  const issues: ValidationIssue[] = [];
  const integerParam = (name: string, fallback: number, min: number, max: number): number => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value)) {
      issues.push({ loc: ['query', name], msg: 'Input should be a valid integer, unable to parse string as an integer', type: 'int_parsing', input: raw });
    } else if (value < min) {
      issues.push({ loc: ['query', name], msg: `Input should be greater than or equal to ${min}`, type: 'greater_than_equal', input: raw, ctx: { ge: min } });
    } else if (value > max) {
      issues.push({ loc: ['query', name], msg: `Input should be less than or equal to ${max}`, type: 'less_than_equal', input: raw, ctx: { le: max } });
    }
    return value;
  };
  const limit = integerParam('limit', 10, 0, MAX_LIST_LIMIT);
  const pageNumber = integerParam('page_number', 1, 1, Number.MAX_SAFE_INTEGER);
  const rawExpired = query.get('is_expired');
  let isExpired: boolean | undefined;
  if (rawExpired !== null) {
    const word = rawExpired.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(word)) isExpired = true;
    else if (['false', '0', 'no', 'off'].includes(word)) isExpired = false;
    else issues.push({ loc: ['query', 'is_expired'], msg: 'Input should be a valid boolean, unable to interpret input', type: 'bool_parsing', input: rawExpired });
  }
  return { issues, limit, pageNumber, isExpired };
}

/** CreateSession: every field optional with a default, but the body itself is required. */
function createBody(raw: Buffer): { issues: ValidationIssue[] } | { writeMode: DeepsetSessionDetail['write_mode']; expiresInSeconds: number } {
  const parsed = objectBody(raw);
  if ('issues' in parsed) return parsed;
  const issues: ValidationIssue[] = [];
  const { write_mode: writeMode = 'KEEP', expires_in_seconds: expires = null, parallel_processing_enabled: parallel = false } = parsed.body;
  if (!WRITE_MODES.includes(writeMode as DeepsetSessionDetail['write_mode'])) {
    issues.push({ loc: ['body', 'write_mode'], msg: "Input should be 'KEEP', 'OVERWRITE', 'FAIL' or 'TEMPORARY'", type: 'enum', input: writeMode });
  }
  if (expires !== null && !(Number.isInteger(expires) && (expires as number) >= 1 && (expires as number) <= MAX_EXPIRES_IN_SECONDS)) {
    issues.push({ loc: ['body', 'expires_in_seconds'], msg: `Input should be an integer from 1 to ${MAX_EXPIRES_IN_SECONDS}`, type: 'value_error', input: expires });
  }
  if (typeof parallel !== 'boolean') {
    issues.push({ loc: ['body', 'parallel_processing_enabled'], msg: 'Input should be a valid boolean', type: 'bool_type', input: parallel });
  }
  if (issues.length > 0) return { issues };
  return { writeMode: writeMode as DeepsetSessionDetail['write_mode'], expiresInSeconds: (expires as number | null) ?? MAX_EXPIRES_IN_SECONDS };
}
