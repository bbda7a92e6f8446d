import { credentialScope } from '../upstreams/credential.js';
import { refKey, type SessionRef } from '../upstreams/session-ref.js';

/**
 * Subscribers share a poller only when they watch the same session with the same credential:
 * the key carries a hash of the credential, so one client's data is never served to another.
 */
export function sessionPollKey(ref: SessionRef, credential: string): string {
  return `${refKey(ref)}#${credentialScope(credential)}`;
}
