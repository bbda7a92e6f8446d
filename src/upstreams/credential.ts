import { createHash } from 'node:crypto';

/** Credentials in use are few (the configured keys, and clients' own when allowed): a bounded memo spares a hash per read. */
const MAX_REMEMBERED = 1_000;
const scopes = new Map<string, string>();

/**
 * What shared state (pollers, caches, Redis keys) is keyed by instead of the credential itself:
 * equal for equal keys on every replica, and useless to anyone who reads it.
 */
export function credentialScope(credential: string): string {
  let scope = scopes.get(credential);
  if (scope !== undefined) return scope;
  scope = createHash('sha256').update('sessiongraph:').update(credential).digest('hex').slice(0, 24);
  if (scopes.size >= MAX_REMEMBERED) scopes.clear();
  scopes.set(credential, scope);
  return scope;
}
