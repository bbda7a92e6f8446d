import { PROVIDERS, providerName, type Provider } from '../upstreams/provider.js';
import { clientAuthEnabled, type SecuritySettings } from './security-settings.js';

/**
 * The start-up warning for a gateway that holds real provider keys and lets anyone in: whoever
 * can reach it can read those accounts' sessions, and close deepset's. Null when there is nothing
 * to warn about (sandbox only, or client auth on).
 */
export function exposureWarning(sandboxed: readonly Provider[], security: Pick<SecuritySettings, 'apiKeys' | 'jwt'>): string | null {
  const real = PROVIDERS.filter((provider) => !sandboxed.includes(provider));
  if (real.length === 0 || clientAuthEnabled(security)) return null;
  return (
    `CLIENT AUTH IS OFF, but real credentials are configured for ${real.map(providerName).join(', ')}. ` +
    'Anyone who can reach this gateway can read those sessions' +
    (real.includes('DEEPSET') ? ' and close deepset ones' : '') +
    '. Set GATEWAY_API_KEYS or JWT_SECRET / JWT_JWKS_URL before exposing it (docs/security.md).'
  );
}
