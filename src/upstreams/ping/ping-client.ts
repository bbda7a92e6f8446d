import { createSessionClient, type ClientDeps, type SessionClient } from '../session-client.js';
import { decodePingSession, type PingVpnSession } from './ping-session.js';

/** Ping Network VPN sessions: read-only. The key goes in `Authorization` as is, without a scheme. */
export function createPingClient(deps: ClientDeps): SessionClient<PingVpnSession> {
  return createSessionClient(
    {
      provider: 'PING',
      statusPath: (ref) => `/sessions/${encodeURIComponent(ref.sessionId)}/status`,
      authHeaders: (credential) => ({ authorization: credential }),
      decode: (json, text, ref, fetchedAt) => decodePingSession(json, text, ref, fetchedAt),
    },
    deps,
  );
}
