import type { ProviderSpec } from '../session-client.js';
import { decodeDeepsetSession, type DeepsetUploadSession } from './deepset-session.js';

/** deepset Cloud upload sessions: GET for status, PUT `{status: CLOSED}` to close (204; 409 when already closed). */
export const deepsetSpec: ProviderSpec<DeepsetUploadSession> = {
  provider: 'DEEPSET',
  statusPath: (ref) =>
    `/api/v1/workspaces/${encodeURIComponent(ref.provider === 'DEEPSET' ? ref.workspace : '')}/upload_sessions/${encodeURIComponent(ref.sessionId)}`,
  authHeaders: (credential) => ({ authorization: `Bearer ${credential}` }),
  decode: (json, _text, ref, fetchedAt) => decodeDeepsetSession(json, ref, fetchedAt),
  close: { body: JSON.stringify({ status: 'CLOSED' }), isClosed: (session) => session.status === 'CLOSED' },
};
