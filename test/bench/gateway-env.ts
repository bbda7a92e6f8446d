import type { Provider } from '../../src/upstreams/provider.js';

export interface UpstreamTargets {
  baseUrls: Record<Provider, string>;
  keys: Record<Provider, string>;
}

/** The environment `npm start` would need to put the gateway in front of these upstreams instead of its sandbox. */
export function gatewayEnv(upstream: UpstreamTargets, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  // The benchmarks price the gateway, not the operator's quota: the budget stays in the line but never limits.
  const env: Record<string, string | undefined> = { UPSTREAM_MAX_RPS: '100000', ...extra, SANDBOX: '0', PORT: '0', HOST: '127.0.0.1' };
  for (const [provider, baseUrl] of Object.entries(upstream.baseUrls)) {
    env[`${provider}_BASE_URL`] = baseUrl;
    env[`${provider}_API_KEY`] = upstream.keys[provider as Provider];
  }
  return env;
}
