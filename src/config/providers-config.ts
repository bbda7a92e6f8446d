import { PROVIDERS, type Provider } from '../upstreams/provider.js';
import type { EnvReader } from './env-reader.js';
import type { GatewayConfig, ProviderConfig } from './gateway-config.js';

/**
 * Each provider is real when both `<PROVIDER>_BASE_URL` and `<PROVIDER>_API_KEY` are set, and
 * served by the sandbox when neither is (or SANDBOX=1). Half of the pair is a problem rather than
 * a quiet fallback to the sandbox; the key itself is never echoed.
 */
export function readProvidersConfig(read: EnvReader, pollIntervalMs: Readonly<Record<Provider, number>>): Pick<GatewayConfig, 'providers' | 'sandboxed'> {
  const forceSandbox = read.flag('SANDBOX');
  const providers = {} as Record<Provider, ProviderConfig>;
  const sandboxed: Provider[] = [];
  for (const provider of PROVIDERS) {
    const [urlName, keyName] = [`${provider}_BASE_URL`, `${provider}_API_KEY`];
    const baseUrl = forceSandbox ? null : read.text(urlName);
    const apiKey = forceSandbox ? null : read.text(keyName);
    if (baseUrl === null) sandboxed.push(provider);
    else checkBaseUrl(read, urlName, baseUrl);
    if (baseUrl !== null && apiKey === null) read.problem(`${urlName} is set, so ${keyName} is required`);
    if (baseUrl === null && apiKey !== null) read.problem(`${keyName} is set, so ${urlName} is required (or unset ${keyName} to use the sandbox)`);
    providers[provider] = { baseUrl, apiKey, pollIntervalMs: pollIntervalMs[provider] };
  }
  return { providers, sandboxed };
}

function checkBaseUrl(read: EnvReader, name: string, value: string): void {
  const url = URL.parse(value);
  if (url === null) read.problem(`${name} is not a URL (got "${value}")`);
  else if (url.protocol !== 'https:' && url.protocol !== 'http:') read.problem(`${name} must be http(s) (got "${url.protocol}")`);
  if (url && (url.search || url.hash || url.username || url.password)) read.problem(`${name} must not carry a query, fragment or credentials`);
}
