import { DEFAULT_UPSTREAM_HTTP, type UpstreamHttpOptions } from './upstreams/http/upstream-pool.js';
import type { TracingSettings } from './observability/tracing.js';
import { DEFAULT_QUERY_LIMITS, DEFAULT_SECURITY, type JwtSettings, type SecuritySettings } from './security/security-settings.js';
import type { UpstreamGuardOptions } from './upstreams/session-client.js';
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
  /** How long shutdown waits for in-flight requests before cutting them, ms. */
  shutdownTimeoutMs: number;
  /** Serve Prometheus metrics on /metrics. */
  metrics: boolean;
  /** Serve validated queries without yoga's HTTP layer (docs/performance.md). */
  fastPath: boolean;
  /** OpenTelemetry tracing settings; null when tracing is off. */
  tracing: TracingSettings | null;
  /** REDIS_URL: replicas sharing it poll each session once between them. Null: every instance polls on its own. */
  redisUrl: string | null;
  /** TRUSTED_DOCUMENTS: persisted-documents manifests; when any is given, only their operations run. */
  trustedDocuments: readonly string[];
  /** Client auth, query limits, production switches, request deadline (docs/security.md). */
  security: SecuritySettings;
  /** Retries, retry budget, circuit breaker and queue limit per provider (docs/security.md). */
  upstreamGuard: UpstreamGuardOptions;
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

  // Operating it (docs/operations.md): tracing is off unless OTEL_TRACING=1; the other OTEL_* names follow the OpenTelemetry spec.
  const tracingOn = flag('OTEL_TRACING');
  const otlpEndpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || 'http://localhost:4318';
  if (!/^https?:\/\/[^/]/.test(otlpEndpoint)) problems.push(`OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL (got "${otlpEndpoint}")`);
  const otlpHeaders: Record<string, string> = {};
  for (const pair of (env.OTEL_EXPORTER_OTLP_HEADERS ?? '').split(',').filter((p) => p.trim() !== '')) {
    const at = pair.indexOf('=');
    // The value may be a secret, so the problem never echoes the pair.
    let value: string | undefined;
    try {
      value = at > 0 ? decodeURIComponent(pair.slice(at + 1).trim()) : undefined;
    } catch {
      value = undefined;
    }
    if (value === undefined) problems.push('OTEL_EXPORTER_OTLP_HEADERS must be name=value pairs separated by commas, values URL-encoded');
    else otlpHeaders[pair.slice(0, at).trim().toLowerCase()] = value;
  }
  const rawRatio = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  const sampleRatio = rawRatio ? Number(rawRatio) : 1;
  if (!(sampleRatio >= 0 && sampleRatio <= 1)) problems.push(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (got "${rawRatio}")`);
  const tracing: TracingSettings = {
    exporter: oneOf('OTEL_TRACES_EXPORTER', ['otlp', 'console'], 'otlp') as TracingSettings['exporter'],
    otlpEndpoint,
    otlpHeaders,
    serviceName: env.OTEL_SERVICE_NAME?.trim() || 'sessiongraph',
    sampleRatio: sampleRatio >= 0 && sampleRatio <= 1 ? sampleRatio : 1,
  };

  const redisUrl = env.REDIS_URL?.trim() || null;
  // The URL may carry a password, so it is never echoed.
  if (redisUrl !== null && !isRedisUrl(redisUrl)) problems.push('REDIS_URL must be a redis:// or rediss:// URL with a host, e.g. redis://127.0.0.1:6379');

  // Frontend apps (docs/frontend.md): trusted-documents mode is on when TRUSTED_DOCUMENTS names a manifest; the files are read at start.
  const trustedDocuments = (env.TRUSTED_DOCUMENTS ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (trustedDocuments.some((p) => !p.endsWith('.json'))) {
    problems.push(`TRUSTED_DOCUMENTS must be paths of .json manifests separated by commas (got "${env.TRUSTED_DOCUMENTS}")`);
  }

  // Hardening (docs/security.md): client auth is off until keys or a JWT source are set; production turns the schema-revealing features off.
  const production = env.NODE_ENV === 'production';
  const flagOr = (name: string, fallback: boolean): boolean => (env[name] === undefined || env[name]!.trim() === '' ? fallback : flag(name));
  const apiKeys = (env.GATEWAY_API_KEYS ?? '').split(',').map((k) => k.trim()).filter((k) => k !== '');
  // Keys are secrets: problems name their position, never their value.
  apiKeys.forEach((key, index) => {
    if (key.length < 16 || !/^[\x21-\x7e]+$/.test(key)) problems.push(`GATEWAY_API_KEYS: key #${index + 1} must be at least 16 printable characters without spaces`);
  });
  const jwtSecret = env.JWT_SECRET?.trim() || null;
  const jwksUrl = env.JWT_JWKS_URL?.trim() || null;
  if (jwtSecret !== null && jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters');
  if (jwtSecret !== null && jwksUrl !== null) problems.push('Set JWT_SECRET (HS256) or JWT_JWKS_URL (RS256/ES256), not both');
  if (jwksUrl !== null && !isJwksUrl(jwksUrl)) problems.push(`JWT_JWKS_URL must be an https URL, or http on loopback (got "${jwksUrl}")`);
  const jwtClaims = { issuer: env.JWT_ISSUER?.trim() || null, audience: env.JWT_AUDIENCE?.trim() || null };
  if (jwtSecret === null && jwksUrl === null && (jwtClaims.issuer ?? jwtClaims.audience) !== null) problems.push('JWT_ISSUER and JWT_AUDIENCE need JWT_SECRET or JWT_JWKS_URL');
  const jwt: JwtSettings | null = jwtSecret !== null || jwksUrl !== null ? { secret: jwtSecret, jwksUrl, ...jwtClaims } : null;
  const corsOrigins = (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '');
  for (const origin of corsOrigins) {
    if (origin !== '*' && !isOrigin(origin)) problems.push(`CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com (scheme, host and port only)`);
  }
  const security: SecuritySettings = {
    apiKeys,
    jwt,
    clientUpstreamKeys: flagOr('CLIENT_UPSTREAM_KEYS', DEFAULT_SECURITY.clientUpstreamKeys),
    queryLimits: {
      maxDepth: int('MAX_DEPTH', DEFAULT_QUERY_LIMITS.maxDepth, 1, 100),
      maxAliases: int('MAX_ALIASES', DEFAULT_QUERY_LIMITS.maxAliases, 1, 1_000),
      maxTokens: int('MAX_TOKENS', DEFAULT_QUERY_LIMITS.maxTokens, 10, 100_000),
      maxCost: int('MAX_COST', DEFAULT_QUERY_LIMITS.maxCost, 1, 1_000_000),
      maxDirectives: int('MAX_DIRECTIVES', DEFAULT_QUERY_LIMITS.maxDirectives, 0, 1_000),
      maxSessionsPerOperation: int('MAX_SESSIONS_PER_OPERATION', DEFAULT_QUERY_LIMITS.maxSessionsPerOperation, 1, 10_000),
    },
    maxRequestBodyBytes: int('MAX_REQUEST_BODY_BYTES', DEFAULT_SECURITY.maxRequestBodyBytes, 1_024, 64 * 1024 * 1024),
    csrfPrevention: flagOr('CSRF_PREVENTION', DEFAULT_SECURITY.csrfPrevention),
    corsOrigins,
    introspection: flagOr('GRAPHQL_INTROSPECTION', !production),
    graphiql: flagOr('GRAPHIQL', !production),
    fieldSuggestions: flagOr('GRAPHQL_FIELD_SUGGESTIONS', !production),
    maskInternalErrors: production,
    requestDeadlineMs: int('REQUEST_DEADLINE_MS', DEFAULT_SECURITY.requestDeadlineMs, 100, 600_000),
  };
  const upstreamGuard: UpstreamGuardOptions = {
    retry: {
      maxRetries: int('UPSTREAM_RETRIES', 2, 0, 10),
      baseDelayMs: int('UPSTREAM_RETRY_BASE_MS', 100, 1, 60_000),
      maxDelayMs: int('UPSTREAM_RETRY_MAX_DELAY_MS', 2_000, 1, 600_000),
    },
    retryBudget: {
      burst: int('UPSTREAM_RETRY_BUDGET_BURST', 10, 0, 100_000),
      perSecond: int('UPSTREAM_RETRY_BUDGET_PER_SECOND', 2, 0, 100_000),
    },
    breaker: {
      failureRatePercent: int('BREAKER_FAILURE_RATE', 50, 1, 100),
      minimumCalls: int('BREAKER_MIN_CALLS', 20, 1, 100_000),
      windowMs: int('BREAKER_WINDOW_MS', 10_000, 100, 3_600_000),
      openMs: int('BREAKER_OPEN_MS', 5_000, 10, 3_600_000),
    },
    concurrency: {
      // As many calls at once as the pool has sockets; UPSTREAM_CONNECTIONS itself is checked (and reported) with the pool settings.
      maxConcurrent: Number.isInteger(Number(env.UPSTREAM_CONNECTIONS)) && Number(env.UPSTREAM_CONNECTIONS) >= 1 ? Math.min(Number(env.UPSTREAM_CONNECTIONS), 1024) : DEFAULT_UPSTREAM_HTTP.connections,
      maxQueued: int('UPSTREAM_MAX_QUEUED', 256, 0, 100_000),
    },
  };

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
    // Longer than the default REQUEST_DEADLINE_MS, so a request still within its deadline is never cut.
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 20_000, 0, 600_000),
    metrics: flagOr('METRICS', true),
    fastPath: flagOr('FAST_PATH', true),
    tracing: tracingOn ? tracing : null,
    redisUrl,
    trustedDocuments,
    security,
    upstreamGuard,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

function isJwksUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
  } catch {
    return false;
  }
}
