import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { configProblems } from '../support/config-problems.js';


describe('hardening settings', () => {
  it('default to client auth off, every limit on, and the developer features on', () => {
    const { security, upstreamGuard } = loadConfig({});
    expect(security).toEqual({
      apiKeys: [],
      jwt: null,
      clientUpstreamKeys: true,
      queryLimits: { maxDepth: 8, maxAliases: 30, maxTokens: 1000, maxCost: 5000, maxDirectives: 50, maxSessionsPerOperation: 100 },
      maxRequestBodyBytes: 65_536,
      csrfPrevention: true,
      corsOrigins: [],
      introspection: true,
      graphiql: true,
      fieldSuggestions: true,
      maskInternalErrors: false,
      requestDeadlineMs: 15_000,
    });
    expect(upstreamGuard).toEqual({
      retry: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 2_000 },
      retryBudget: { burst: 10, perSecond: 2 },
      breaker: { failureRatePercent: 50, minimumCalls: 20, windowMs: 10_000, openMs: 5_000 },
      concurrency: { maxConcurrent: 32, maxQueued: 1024 },
    });
  });

  it('turn introspection, GraphiQL and suggestions off, and mask errors fully, in production', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).security).toMatchObject({ introspection: false, graphiql: false, fieldSuggestions: false, maskInternalErrors: true });
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: '1' }).security).toMatchObject({ introspection: true, graphiql: false });
  });

  it('read keys, JWT and every limit from the environment', () => {
    const config = loadConfig({
      GATEWAY_API_KEYS: ' key-one-0123456789 ,key-two-0123456789,',
      JWT_JWKS_URL: 'https://id.example.com/.well-known/jwks.json',
      JWT_ISSUER: 'https://id.example.com/',
      JWT_AUDIENCE: 'sessiongraph',
      UPSTREAM_CONNECTIONS: '8',
      UPSTREAM_MAX_QUEUED: '16',
      UPSTREAM_RETRIES: '0',
      BREAKER_OPEN_MS: '1000',
      REQUEST_DEADLINE_MS: '2500',
      MAX_SESSIONS_PER_OPERATION: '10',
      CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
    });
    expect(config.security.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(config.security.apiKeys).toEqual(['key-one-0123456789', 'key-two-0123456789']);
    expect(config.security.jwt).toEqual({ secret: null, jwksUrl: 'https://id.example.com/.well-known/jwks.json', issuer: 'https://id.example.com/', audience: 'sessiongraph' });
    expect(config.security.requestDeadlineMs).toBe(2_500);
    expect(config.security.queryLimits.maxSessionsPerOperation).toBe(10);
    expect(config.upstreamGuard).toMatchObject({ retry: { maxRetries: 0 }, breaker: { openMs: 1_000 }, concurrency: { maxConcurrent: 8, maxQueued: 16 } });
  });

  it('report every bad value, never echoing a secret', () => {
    const problems = configProblems({
      GATEWAY_API_KEYS: 'long-enough-key-0123,short-secret',
      JWT_SECRET: 'too-short-secret',
      JWT_JWKS_URL: 'http://id.example.com/jwks.json',
      MAX_DEPTH: '0',
      BREAKER_FAILURE_RATE: '101',
      CSRF_PREVENTION: 'maybe',
      CORS_ORIGINS: 'https://app.example.com/path',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'GATEWAY_API_KEYS: key #2 must be at least 16 printable characters without spaces',
        'JWT_SECRET must be at least 32 characters',
        'Set JWT_SECRET (HS256) or JWT_JWKS_URL (RS256/ES256), not both',
        'JWT_JWKS_URL must be an https URL, or http on loopback (got "http://id.example.com/jwks.json")',
        'MAX_DEPTH must be a whole number from 1 to 100 (got "0")',
        'BREAKER_FAILURE_RATE must be a whole number from 1 to 100 (got "101")',
        'CSRF_PREVENTION must be 1/true or 0/false (got "maybe")',
        'CORS_ORIGINS: "https://app.example.com/path" is not an origin like https://app.example.com (scheme, host and port only)',
      ]),
    );
    expect(problems.join('\n')).not.toMatch(/short-secret|too-short-secret/);
  });

  it('refuse JWT claims without a way to verify them', () => {
    expect(configProblems({ JWT_AUDIENCE: 'sessiongraph' })).toEqual(['JWT_ISSUER and JWT_AUDIENCE need JWT_SECRET or JWT_JWKS_URL']);
  });
});
