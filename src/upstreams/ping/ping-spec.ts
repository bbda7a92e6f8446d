import type { ProviderSpec } from '../session-client.js';
import { decodePingSession, type PingVpnSession } from './ping-session.js';

/** Ping Network VPN sessions: the status read (pause and resume are in ping-lifecycle.ts). The key goes in `Authorization` as is, without a scheme. */
export const pingSpec: ProviderSpec<PingVpnSession> = {
  provider: 'PING',
  statusPath: (ref) => `/sessions/${encodeURIComponent(ref.sessionId)}/status`,
  authHeaders: (credential) => ({ authorization: credential }),
  decode: (json, text, ref, fetchedAt) => decodePingSession(json, text, ref, fetchedAt),
};
