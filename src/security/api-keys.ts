import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether a presented token is one of the configured keys, in time that does not depend on how
 * much of it matched: both sides are hashed to equal length, and every key is compared.
 */
export function createApiKeyCheck(keys: readonly string[]): (presented: string | undefined) => boolean {
  const digests = keys.map(digest);
  return (presented) => {
    if (presented === undefined || digests.length === 0) return false;
    const candidate = digest(presented);
    let found = false;
    for (const key of digests) found = timingSafeEqual(key, candidate) || found;
    return found;
  };
}
