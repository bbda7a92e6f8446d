import { createGraphQLError } from 'graphql-yoga';
import { PROVIDERS, providerLabel, type Provider } from '../upstreams/provider.js';
import { requestHeader } from './request-header.js';

/** Where a client may send its own key for a provider; over graphql-ws, the same names in the `connection_init` payload. */
export const UPSTREAM_KEY_HEADERS = Object.fromEntries(PROVIDERS.map((p) => [p, `x-sessiongraph-${providerLabel(p)}-key`])) as Readonly<Record<Provider, string>>;

/** Printable ASCII without spaces, as every provider's keys are; anything else could not be a key and is refused. */
const KEY = /^[\x21-\x7e]{1,4096}$/;

function badKeyHeader(message: string) {
  return createGraphQLError(message, { extensions: { code: 'INVALID_INPUT', http: { status: 400 } } });
}

/**
 * The provider keys one operation uses: the client's own where it sent one, the configured ones
 * elsewhere. Everything shared between requests (pollers, the unconfirmed-close memory) is keyed
 * by a hash of the key in use, so a client with its own key never sees data fetched with another.
 * A malformed header, or one sent while the feature is off, is a 400 that never echoes its value:
 * silently using the gateway's own key instead would serve the client someone else's account.
 */
export function requestCredentials(context: unknown, configured: Readonly<Record<Provider, string>>, allowClientKeys: boolean): Readonly<Record<Provider, string>> {
  let credentials = configured;
  for (const provider of PROVIDERS) {
    const header = UPSTREAM_KEY_HEADERS[provider];
    const value = requestHeader(context, header);
    if (value === undefined) continue;
    if (!allowClientKeys) throw badKeyHeader(`This gateway does not accept per-request provider keys (${header})`);
    if (!KEY.test(value)) throw badKeyHeader(`The ${header} header is not a valid key`);
    credentials = { ...credentials, [provider]: value };
  }
  return credentials;
}
