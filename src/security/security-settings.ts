export interface JwtSettings {
  /** HS256 shared secret (JWT_SECRET); exclusive with `jwksUrl`. */
  secret: string | null;
  /** JWKS endpoint for RS256/ES256 tokens (JWT_JWKS_URL); exclusive with `secret`. */
  jwksUrl: string | null;
  /** Required `iss` (JWT_ISSUER). @default any */
  issuer: string | null;
  /** Required `aud` (JWT_AUDIENCE). @default any */
  audience: string | null;
}

export interface QueryLimits {
  /** Deepest selection (fragments count as a level). @default 8 */
  maxDepth: number;
  /** Aliased fields per operation. @default 30 */
  maxAliases: number;
  /** Lexical tokens in the query text. @default 1000 */
  maxTokens: number;
  /** graphql-armor cost (objects 2, scalars 1, times 1.5 per level). @default 5000 */
  maxCost: number;
  /** Directives per operation. @default 50 */
  maxDirectives: number;
  /** Distinct sessions one operation may name across all its fields and aliases. @default 100 */
  maxSessionsPerOperation: number;
}

/** Everything that makes the gateway safe to expose. Off-by-default items are marked so. */
export interface SecuritySettings {
  /** GATEWAY_API_KEYS: static keys clients send as `Authorization: Bearer <key>`. @default none */
  apiKeys: readonly string[];
  /** JWT client auth. @default null (off) */
  jwt: JwtSettings | null;
  /** Accept a client's own provider key in `x-sessiongraph-<provider>-key`. @default true */
  clientUpstreamKeys: boolean;
  queryLimits: QueryLimits;
  /** Largest request body, bytes; more is 413. @default 65536 */
  maxRequestBodyBytes: number;
  /** Refuse requests a browser could send cross-site without a preflight. @default true */
  csrfPrevention: boolean;
  /** CORS_ORIGINS: web origins allowed to call from a browser (`*`: any). @default none: same origin only */
  corsOrigins: readonly string[];
  /** @default true, false when NODE_ENV=production */
  introspection: boolean;
  /** @default true, false when NODE_ENV=production */
  graphiql: boolean;
  /** "Did you mean …?" in validation errors. @default true, false when NODE_ENV=production */
  fieldSuggestions: boolean;
  /** Strip every internal detail from errors (production). @default false, true when NODE_ENV=production */
  maskInternalErrors: boolean;
  /** Upstream work one query or mutation may take in all, ms. @default 15000 */
  requestDeadlineMs: number;
}

export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = Object.freeze({
  maxDepth: 8,
  maxAliases: 30,
  maxTokens: 1000,
  maxCost: 5000,
  maxDirectives: 50,
  maxSessionsPerOperation: 100,
});

export const DEFAULT_SECURITY: Readonly<SecuritySettings> = Object.freeze({
  apiKeys: [],
  jwt: null,
  clientUpstreamKeys: true,
  queryLimits: DEFAULT_QUERY_LIMITS,
  maxRequestBodyBytes: 65_536,
  csrfPrevention: true,
  corsOrigins: [],
  introspection: true,
  graphiql: true,
  fieldSuggestions: true,
  maskInternalErrors: false,
  requestDeadlineMs: 15_000,
});

/** Client auth is on as soon as either way of proving who you are is configured. */
export function clientAuthEnabled(settings: Pick<SecuritySettings, 'apiKeys' | 'jwt'>): boolean {
  return settings.apiKeys.length > 0 || settings.jwt !== null;
}
