import { createSessionClient, withClose, type ClientDeps, type ProviderSpec, type SessionClient } from '../session-client.js';
import { decodeDeepsetSession, type DeepsetUploadSession } from './deepset-session.js';

const spec: ProviderSpec<DeepsetUploadSession> = {
  provider: 'DEEPSET',
  statusPath: (ref) =>
    `/api/v1/workspaces/${encodeURIComponent(ref.provider === 'DEEPSET' ? ref.workspace : '')}/upload_sessions/${encodeURIComponent(ref.sessionId)}`,
  authHeaders: (credential) => ({ authorization: `Bearer ${credential}` }),
  decode: (json, _text, ref, fetchedAt) => decodeDeepsetSession(json, ref, fetchedAt),
};

/** deepset Cloud upload sessions: GET for status, PUT `{status: CLOSED}` to close (204; 409 when already closed). */
export function createDeepsetClient(deps: ClientDeps): SessionClient<DeepsetUploadSession> {
  return withClose(createSessionClient(spec, deps), spec, deps, JSON.stringify({ status: 'CLOSED' }));
}
