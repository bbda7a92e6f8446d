/// <reference lib="dom" />

const STORAGE_KEY = 'sessiongraph.clientKey';

/**
 * The optional client API key (GATEWAY_API_KEYS), kept in sessionStorage: it lives as long as the
 * tab, is never written to disk by the page, and no other tab or site sees it.
 */
export function clientKey(): string {
  return sessionStorage.getItem(STORAGE_KEY) ?? '';
}

export function setClientKey(key: string): void {
  if (key === '') sessionStorage.removeItem(STORAGE_KEY);
  else sessionStorage.setItem(STORAGE_KEY, key);
}

/** What every request carries: `Authorization: Bearer <key>` when a key is set. */
export function authorizationHeaders(): Record<string, string> {
  const key = clientKey();
  return key === '' ? {} : { authorization: `Bearer ${key}` };
}
