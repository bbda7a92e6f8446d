import { DEFAULT_QUERY_LIMITS, DEFAULT_SECURITY, type JwtSettings } from '../security/security-settings.js';
import type { EnvReader } from './env-reader.js';
import type { GatewayConfig } from './gateway-config.js';

/**
 * Hardening (docs/security.md): client auth is off until keys or a JWT source are set; production
 * turns the schema-revealing features off. Trusted documents (docs/frontend.md) are on when
 * TRUSTED_DOCUMENTS names a manifest; the files are read at start.
 */
export function readSecurityConfig(read: EnvReader, production: boolean): Pick<GatewayConfig, 'security' | 'trustedDocuments' | 'maxIdsPerField'> {
  const apiKeys = read.list('GATEWAY_API_KEYS');
  // Keys are secrets: problems name their position, never their value.
  apiKeys.forEach((key, index) => {
    if (key.length < 16 || !/^[\x21-\x7e]+$/.test(key)) read.problem(`GATEWAY_API_KEYS: key #${index + 1} must be at least 16 printable characters without spaces`);
  });
  const corsOrigins = read.list('CORS_ORIGINS');
  for (const origin of corsOrigins) {
    if (origin !== '*' && !isOrigin(origin)) read.problem(`CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com (scheme, host and port only)`);
  }
  const trustedDocuments = read.list('TRUSTED_DOCUMENTS');
  if (trustedDocuments.some((path) => !path.endsWith('.json'))) {
    read.problem(`TRUSTED_DOCUMENTS must be paths of .json manifests separated by commas (got "${trustedDocuments.join(',')}")`);
  }
  return {
    security: {
      apiKeys,
      jwt: readJwt(read),
      clientUpstreamKeys: read.flag('CLIENT_UPSTREAM_KEYS', DEFAULT_SECURITY.clientUpstreamKeys),
      queryLimits: {
        maxDepth: read.int('MAX_DEPTH', DEFAULT_QUERY_LIMITS.maxDepth, 1, 100),
        maxAliases: read.int('MAX_ALIASES', DEFAULT_QUERY_LIMITS.maxAliases, 1, 1_000),
        maxTokens: read.int('MAX_TOKENS', DEFAULT_QUERY_LIMITS.maxTokens, 10, 100_000),
        maxCost: read.int('MAX_COST', DEFAULT_QUERY_LIMITS.maxCost, 1, 1_000_000),
        maxDirectives: read.int('MAX_DIRECTIVES', DEFAULT_QUERY_LIMITS.maxDirectives, 0, 1_000),
        maxSessionsPerOperation: read.int('MAX_SESSIONS_PER_OPERATION', DEFAULT_QUERY_LIMITS.maxSessionsPerOperation, 1, 10_000),
      },
      maxRequestBodyBytes: read.int('MAX_REQUEST_BODY_BYTES', DEFAULT_SECURITY.maxRequestBodyBytes, 1_024, 64 * 1024 * 1024),
      csrfPrevention: read.flag('CSRF_PREVENTION', DEFAULT_SECURITY.csrfPrevention),
      corsOrigins,
      introspection: read.flag('GRAPHQL_INTROSPECTION', !production),
      graphiql: read.flag('GRAPHIQL', !production),
      fieldSuggestions: read.flag('GRAPHQL_FIELD_SUGGESTIONS', !production),
      maskInternalErrors: production,
      requestDeadlineMs: read.int('REQUEST_DEADLINE_MS', DEFAULT_SECURITY.requestDeadlineMs, 100, 600_000),
    },
    trustedDocuments,
    maxIdsPerField: read.int('MAX_IDS_PER_FIELD', 100, 1, 10_000),
  };
}

function readJwt(read: EnvReader): JwtSettings | null {
  const secret = read.text('JWT_SECRET');
  const jwksUrl = read.text('JWT_JWKS_URL');
  const issuer = read.text('JWT_ISSUER');
  const audience = read.text('JWT_AUDIENCE');
  if (secret !== null && secret.length < 32) read.problem('JWT_SECRET must be at least 32 characters');
  if (secret !== null && jwksUrl !== null) read.problem('Set JWT_SECRET (HS256) or JWT_JWKS_URL (RS256/ES256), not both');
  if (jwksUrl !== null && !isJwksUrl(jwksUrl)) read.problem(`JWT_JWKS_URL must be an https URL, or http on loopback (got "${jwksUrl}")`);
  if (secret === null && jwksUrl === null) {
    if (issuer !== null || audience !== null) read.problem('JWT_ISSUER and JWT_AUDIENCE need JWT_SECRET or JWT_JWKS_URL');
    return null;
  }
  return { secret, jwksUrl, issuer, audience };
}

function isOrigin(value: string): boolean {
  const url = URL.parse(value);
  return (url?.protocol === 'https:' || url?.protocol === 'http:') && url.origin === value;
}

function isJwksUrl(value: string): boolean {
  const url = URL.parse(value);
  return url?.protocol === 'https:' || (url?.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
}
