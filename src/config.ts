import { DEFAULT_UPSTREAM_HTTP, type UpstreamHttpOptions } from './upstreams/http/upstream-pool.js';
import { PROVIDERS, type Provider } from './upstreams/provider.js';

export interface ProviderConfig {
  /** Null when the provider is served by the sandbox. */
  baseUrl: string | null;
  apiKey: string | null;
  /** Base poll interval for subscriptions, ms. */
  pollIntervalMs: number;
}

export interface GatewayConfig {
  port: number;
  host: string;
  production: boolean;
  logLevel: string;
  /** Pretty logs: a TTY is attached and not in production. */
  prettyLogs: boolean;
  /** True when any provider is sandboxed (no base URL, or SANDBOX=1). */
  sandboxed: readonly Provider[];
  providers: Readonly<Record<Provider, ProviderConfig>>;
  http: UpstreamHttpOptions;
  pollMaxIntervalMs: number;
  maxIdsPerField: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Environment -> typed, validated, frozen config. Every bad value is reported at once, each with
 * its own message, instead of failing on the first.
 */
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export function loadConfig(env: Env, isTty = false): GatewayConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const flag = (name: string): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
    if (raw === '1' || raw === 'true') return true;
    problems.push(`${name} must be 1/true or 0/false (got "${env[name]}")`);
    return false;
  };

  const oneOf = (name: string, values: readonly string[], fallback: string): string => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (!values.includes(raw)) {
      problems.push(`${name} must be one of ${values.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw;
  };

  const forceSandbox = flag('SANDBOX');
  const basePollMs = int('POLL_INTERVAL_MS', 2_000, 100, 3_600_000);
  const providers = {} as Record<Provider, ProviderConfig>;
  const sandboxed: Provider[] = [];
  for (const provider of PROVIDERS) {
    const baseUrl = env[`${provider}_BASE_URL`]?.trim() || null;
    const apiKey = env[`${provider}_API_KEY`]?.trim() || null;
    if (baseUrl !== null && !forceSandbox) {
      let url: URL | null = null;
      try {
        url = new URL(baseUrl);
      } catch {
        problems.push(`${provider}_BASE_URL is not a URL (got "${baseUrl}")`);
      }
      if (url && url.protocol !== 'https:' && url.protocol !== 'http:') problems.push(`${provider}_BASE_URL must be http(s) (got "${url.protocol}")`);
      if (url && (url.search || url.hash || url.username || url.password)) problems.push(`${provider}_BASE_URL must not carry a query, fragment or credentials`);
      if (apiKey === null) problems.push(`${provider}_BASE_URL is set, so ${provider}_API_KEY is required`);
    } else {
      sandboxed.push(provider);
    }
    providers[provider] = {
      baseUrl: forceSandbox ? null : baseUrl,
      apiKey: forceSandbox ? null : apiKey,
      pollIntervalMs: int(`${provider}_POLL_INTERVAL_MS`, basePollMs, 100, 3_600_000),
    };
  }

  const config: GatewayConfig = {
    port: int('PORT', 4000, 0, 65_535),
    host: env.HOST?.trim() || '127.0.0.1',
    production: env.NODE_ENV === 'production',
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    prettyLogs: isTty && env.NODE_ENV !== 'production',
    sandboxed,
    providers,
    http: {
      connectTimeoutMs: int('UPSTREAM_CONNECT_TIMEOUT_MS', DEFAULT_UPSTREAM_HTTP.connectTimeoutMs, 1, 600_000),
      headersTimeoutMs: int('UPSTREAM_HEADERS_TIMEOUT_MS', DEFAULT_UPSTREAM_HTTP.headersTimeoutMs, 1, 600_000),
      bodyTimeoutMs: int('UPSTREAM_BODY_TIMEOUT_MS', DEFAULT_UPSTREAM_HTTP.bodyTimeoutMs, 1, 600_000),
      maxBodyBytes: int('UPSTREAM_MAX_BODY_BYTES', DEFAULT_UPSTREAM_HTTP.maxBodyBytes, 1024, 64 * 1024 * 1024),
      connections: int('UPSTREAM_CONNECTIONS', DEFAULT_UPSTREAM_HTTP.connections, 1, 1024),
    },
    pollMaxIntervalMs: int('POLL_MAX_INTERVAL_MS', 30_000, 100, 3_600_000),
    maxIdsPerField: int('MAX_IDS_PER_FIELD', 100, 1, 10_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
