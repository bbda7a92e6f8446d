import type { ProviderSpec } from '../session-client.js';
import { decodeKadoaSession, type KadoaCrawlSession } from './kadoa-session.js';

/** Kadoa crawl sessions: read-only, authenticated with `x-api-key`. */
export const kadoaSpec: ProviderSpec<KadoaCrawlSession> = {
  provider: 'KADOA',
  statusPath: (ref) => `/v4/crawl/${encodeURIComponent(ref.sessionId)}/status`,
  authHeaders: (credential) => ({ 'x-api-key': credential }),
  decode: (json, _text, ref, fetchedAt) => decodeKadoaSession(json, ref, fetchedAt),
};
