import { createHash } from 'node:crypto';

/**
 * What shared state (pollers, caches, Redis keys) is keyed by instead of the credential itself:
 * equal for equal keys on every replica, and useless to anyone who reads it.
 */
export function credentialScope(credential: string): string {
  return createHash('sha256').update('sessiongraph:').update(credential).digest('hex').slice(0, 24);
}
