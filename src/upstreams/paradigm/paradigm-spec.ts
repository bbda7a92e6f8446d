import type { ProviderSpec } from '../session-client.js';
import { decodeParadigmSession, type ParadigmUploadSession } from './paradigm-session.js';

/** LightOn Paradigm upload sessions: read-only, the contract has no close endpoint. */
export const paradigmSpec: ProviderSpec<ParadigmUploadSession> = {
  provider: 'PARADIGM',
  statusPath: (ref) => `/api/v2/upload-session/${encodeURIComponent(ref.sessionId)}`,
  authHeaders: (credential) => ({ authorization: `Bearer ${credential}` }),
  decode: (json, _text, ref, fetchedAt) => decodeParadigmSession(json, ref, fetchedAt),
};
