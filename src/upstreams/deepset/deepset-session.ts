import { dateTime, integer, nullable, object, oneOf, optional, required, string, uuid } from '../decode.js';
import type { SessionRef } from '../session-ref.js';
import type { Lifecycle, SessionCommon } from '../session-state.js';

export const DEEPSET_STATUSES = ['OPEN', 'CLOSED', 'EXPIRED'] as const;
export const DEEPSET_WRITE_MODES = ['KEEP', 'OVERWRITE', 'FAIL', 'TEMPORARY'] as const;
export type DeepsetStatus = (typeof DEEPSET_STATUSES)[number];
export type DeepsetWriteMode = (typeof DEEPSET_WRITE_MODES)[number];

/** deepset's status -> lifecycle. CLOSED is not the end: closing starts ingestion, which goes on until the session expires. */
export const DEEPSET_LIFECYCLE: Record<DeepsetStatus, Lifecycle> = {
  OPEN: { state: 'OPEN', isTerminal: false },
  CLOSED: { state: 'PROCESSING', isTerminal: false },
  EXPIRED: { state: 'EXPIRED', isTerminal: true },
};

export interface DeepsetUploadSession extends SessionCommon {
  provider: 'DEEPSET';
  workspace: string;
  status: DeepsetStatus;
  expiresAt: Date | null;
  documentationUrl: string;
  ingestionStatus: { failedFiles: number; finishedFiles: number };
  writeMode: DeepsetWriteMode;
}

export const DEFAULT_DOCUMENTATION_URL = 'https://docs.cloud.deepset.ai/docs/upload-files';

/** Decodes `SessionDetail`. Only `expires_at` and `ingestion_status` are required; the rest take the contract's defaults. */
export function decodeDeepsetSession(json: unknown, ref: SessionRef, fetchedAt: Date): DeepsetUploadSession {
  if (ref.provider !== 'DEEPSET') throw new TypeError('not a deepset ref');
  const body = object(json, '$');
  const ingestion = required(body, 'ingestion_status', object, '$');
  const status = optional(body, 'status', oneOf(DEEPSET_STATUSES), '$', 'OPEN' as const);
  return {
    provider: 'DEEPSET',
    ref,
    workspace: ref.workspace,
    sessionId: optional(body, 'session_id', uuid, '$', ref.sessionId),
    status,
    providerStatus: status,
    ...DEEPSET_LIFECYCLE[status],
    expiresAt: required(body, 'expires_at', nullable(dateTime), '$'),
    documentationUrl: optional(body, 'documentation_url', string, '$', DEFAULT_DOCUMENTATION_URL),
    ingestionStatus: {
      failedFiles: optional(ingestion, 'failed_files', integer, '$.ingestion_status', 0),
      finishedFiles: optional(ingestion, 'finished_files', integer, '$.ingestion_status', 0),
    },
    writeMode: optional(body, 'write_mode', oneOf(DEEPSET_WRITE_MODES), '$', 'KEEP' as const),
    fetchedAt,
  };
}
