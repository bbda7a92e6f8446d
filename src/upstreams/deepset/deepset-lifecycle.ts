import { contractChecked } from '../decode.js';
import type { SendUpstream } from '../http/send-upstream.js';
import type { CallOptions } from '../session-client.js';
import { UpstreamError } from '../upstream-error.js';
import { DEEPSET_LIFECYCLE, type DeepsetUploadSession, type DeepsetWriteMode } from './deepset-session.js';
import { deepsetSpec } from './deepset-spec.js';
import { decodeDeepsetUploadSessionCreated } from './deepset-upload-session-created.js';
import { decodeDeepsetUploadSessionList, type DeepsetUploadSessionListItem } from './deepset-upload-session-list.js';

export interface DeepsetCreateInput {
  writeMode: DeepsetWriteMode;
  /** 1..86400 (the contract's bounds); deepset's default is the maximum, 24 hours. */
  expiresInSeconds: number | null;
  parallelProcessing: boolean;
}

/** A list item as a session: everything the list says, and `detail: 'LISTED'` where the single read would say more. */
export type DeepsetListedUploadSession = Omit<DeepsetUploadSession, 'ingestionStatus' | 'documentationUrl'> & {
  detail: 'LISTED';
  createdAt: Date;
  createdBy: DeepsetUploadSessionListItem['createdBy'];
};

export interface DeepsetUploadSessionPage {
  /** In the list's order; null for an item without a session_id (optional in the contract), which cannot be addressed. */
  items: (DeepsetListedUploadSession | null)[];
  hasMore: boolean;
  total: number;
}

export interface DeepsetCreated {
  workspace: string;
  sessionId: string;
}

/** deepset's own answers to a create that have no code of their own elsewhere: 402 and 406 (documented without a body). */
const CREATE_REFUSALS: Record<number, { code: 'PLAN_REQUIRED' | 'OPEN_SESSION_LIMIT'; message: string }> = {
  402: { code: 'PLAN_REQUIRED', message: "deepset Cloud refused: this workspace's plan does not allow upload sessions" },
  406: { code: 'OPEN_SESSION_LIMIT', message: 'deepset Cloud refused: the user already has the most open upload sessions allowed (10)' },
};

const uploadSessionsPath = (workspace: string) => `/api/v1/workspaces/${encodeURIComponent(workspace)}/upload_sessions`;

/** List and create for deepset upload sessions. The workspace comes validated from the GraphQL edge. */
export function createDeepsetLifecycle(send: SendUpstream, now: () => Date) {
  const headers = (options: CallOptions) => ({ accept: 'application/json', ...deepsetSpec.authHeaders(options.credential) });
  return {
    async listUploadSessions(
      workspace: string,
      page: { limit: number; pageNumber: number; isExpired: boolean | null },
      options: CallOptions,
    ): Promise<DeepsetUploadSessionPage> {
      const query = new URLSearchParams({ limit: String(page.limit), page_number: String(page.pageNumber) });
      if (page.isExpired !== null) query.set('is_expired', String(page.isExpired));
      const response = await send({ method: 'GET', path: `${uploadSessionsPath(workspace)}?${query}`, idempotent: true, headers: headers(options) }, options);
      const fetchedAt = now();
      const list = contractChecked('DEEPSET', () => decodeDeepsetUploadSessionList(response.json));
      const items = list.items.map((item): DeepsetListedUploadSession | null =>
        item.sessionId === null
          ? null
          : {
              provider: 'DEEPSET',
              detail: 'LISTED',
              ref: { provider: 'DEEPSET', workspace, sessionId: item.sessionId.toLowerCase() },
              workspace,
              sessionId: item.sessionId,
              status: item.status,
              providerStatus: item.status,
              ...DEEPSET_LIFECYCLE[item.status],
              expiresAt: item.expiresAt,
              writeMode: item.writeMode,
              createdAt: item.createdAt,
              createdBy: item.createdBy,
              fetchedAt,
            },
      );
      return { items, hasMore: list.hasMore, total: list.total };
    },

    /** Never retried: a second POST opens a second session, which counts toward the limit of 10. */
    async createUploadSession(workspace: string, input: DeepsetCreateInput, options: CallOptions): Promise<DeepsetCreated> {
      const body = JSON.stringify({
        write_mode: input.writeMode,
        parallel_processing_enabled: input.parallelProcessing,
        ...(input.expiresInSeconds === null ? {} : { expires_in_seconds: input.expiresInSeconds }),
      });
      const response = await send({ method: 'POST', path: uploadSessionsPath(workspace), idempotent: false, headers: headers(options), body }, options).catch((error: unknown) => {
        const status = error instanceof UpstreamError ? error.upstreamStatus : undefined;
        const refusal = status === undefined ? undefined : CREATE_REFUSALS[status];
        if (refusal) throw new UpstreamError(refusal.code, 'DEEPSET', refusal.message, { upstreamStatus: status });
        throw error;
      });
      if (response.status !== 201) {
        throw new UpstreamError('UPSTREAM_BAD_RESPONSE', 'DEEPSET', `deepset Cloud answered a create with ${response.status}, not 201`, { upstreamStatus: response.status });
      }
      const created = contractChecked('DEEPSET', () => decodeDeepsetUploadSessionCreated(response.json));
      if (created.sessionId === null) {
        throw new UpstreamError('UPSTREAM_BAD_RESPONSE', 'DEEPSET', 'deepset Cloud created an upload session but did not say its id');
      }
      return { workspace, sessionId: created.sessionId.toLowerCase() };
    },
  };
}
