import { createSessionClient, type ClientDeps, type SessionClient } from '../session-client.js';
import { decodeParadigmSession, type ParadigmUploadSession } from './paradigm-session.js';

/** LightOn Paradigm upload sessions: read-only, the contract has no close endpoint. */
export function createParadigmClient(deps: ClientDeps): SessionClient<ParadigmUploadSession> {
  return createSessionClient(
    {
      provider: 'PARADIGM',
      statusPath: (ref) => `/api/v2/upload-session/${encodeURIComponent(ref.sessionId)}`,
      authHeaders: (credential) => ({ authorization: `Bearer ${credential}` }),
      decode: (json, _text, ref, fetchedAt) => decodeParadigmSession(json, ref, fetchedAt),
    },
    deps,
  );
}
