import { credentialScope } from '../upstreams/credential.js';
import { refKey, type SessionRef } from '../upstreams/session-ref.js';
import type { AnySession, SessionClients } from '../upstreams/upstreams.js';
import type { PollTarget } from './poll-target.js';

/**
 * Subscribers share a poller only when they watch the same session with the same credential:
 * the key carries a hash of the credential, so one client's data is never served to another.
 */
export function sessionPollKey(ref: SessionRef, credential: string): string {
  return `${refKey(ref)}#${credentialScope(credential)}`;
}

/** Everything a subscriber can see, minus fetchedAt, which changes on every poll by definition. */
export function sessionFingerprint(session: AnySession): string {
  const { fetchedAt: _volatile, ...visible } = session;
  return JSON.stringify(visible, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

export function sessionPollTarget(clients: SessionClients, ref: SessionRef, credential: string): PollTarget<AnySession> {
  const client = clients[ref.provider];
  return {
    key: sessionPollKey(ref, credential),
    provider: ref.provider,
    fetch: (signal) => client.get(ref, { credential, signal, purpose: 'poll' }) as Promise<AnySession>,
    fingerprint: sessionFingerprint,
    isTerminal: (session) => session.isTerminal,
  };
}
