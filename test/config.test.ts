import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/env-reader.js';
import { loadConfig } from '../src/config/load-config.js';
import { DEFAULT_POLL_INTERVAL } from '../src/live/poll-defaults.js';
import { configProblems } from './support/config-problems.js';

describe('loadConfig', () => {
  it('serves every provider from the sandbox when nothing is configured', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', sandboxed: ['DEEPSET', 'PARADIGM', 'PING', 'KADOA'], maxIdsPerField: 100 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('talks to a provider that has a base URL and key, and sandboxes the rest', () => {
    const config = loadConfig({ PING_BASE_URL: 'https://api.pingnetwork.io/customer/v2', PING_API_KEY: 'k', PING_POLL_INTERVAL_MS: '5000' });
    expect(config.sandboxed).toEqual(['DEEPSET', 'PARADIGM', 'KADOA']);
    expect(config.providers.PING).toEqual({ baseUrl: 'https://api.pingnetwork.io/customer/v2', apiKey: 'k', pollIntervalMs: 5000 });
  });

  it('reads HOT_PATH, and FAST_PATH as its old name when HOT_PATH is not set', () => {
    expect([loadConfig({}).hotPath, loadConfig({ HOT_PATH: '0' }).hotPath, loadConfig({ FAST_PATH: '0' }).hotPath]).toEqual([true, false, false]);
    expect(loadConfig({ HOT_PATH: '1', FAST_PATH: '0' }).hotPath).toBe(true);
  });

  it('SANDBOX=1 wins over configured providers', () => {
    const config = loadConfig({ SANDBOX: '1', KADOA_BASE_URL: 'https://api.kadoa.com', KADOA_API_KEY: 'k' });
    expect(config.sandboxed).toHaveLength(4);
    expect(config.providers.KADOA.baseUrl).toBeNull();
  });

  it('reports every bad value at once, each with its own message, and never echoes a key', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DEEPSET_BASE_URL: 'not a url',
        DEEPSET_API_KEY: 'secret-key-value',
        PARADIGM_BASE_URL: 'ftp://x',
        PARADIGM_API_KEY: 'k',
        KADOA_BASE_URL: 'https://user:pw@api.kadoa.com',
        PING_BASE_URL: 'https://api.pingnetwork.io',
        SANDBOX: 'maybe',
        LOG_LEVEL: 'loud',
        MAX_IDS_PER_FIELD: '0',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT must be a whole number from 0 to 65535 (got "eighty")',
        'DEEPSET_BASE_URL is not a URL (got "not a url")',
        'PARADIGM_BASE_URL must be http(s) (got "ftp:")',
        'KADOA_BASE_URL must not carry a query, fragment or credentials',
        'KADOA_BASE_URL is set, so KADOA_API_KEY is required',
        'PING_BASE_URL is set, so PING_API_KEY is required',
        'SANDBOX must be 1/true or 0/false (got "maybe")',
        'LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent (got "loud")',
        'MAX_IDS_PER_FIELD must be a whole number from 1 to 10000 (got "0")',
      ]),
    );
    expect((error as Error).message).not.toContain('secret-key-value');
  });

  it('refuses half a provider (a key without a base URL, or the other way round), naming both variables, all at once', () => {
    const problems = configProblems({
      DEEPSET_API_KEY: 'deepset-secret-key',
      PARADIGM_BASE_URL: 'https://paradigm.lighton.ai/api/v2',
      PING_API_KEY: 'ping-secret-key',
      KADOA_API_KEY: '   ',
      PORT: 'eighty',
    });
    expect(problems).toEqual([
      'PORT must be a whole number from 0 to 65535 (got "eighty")',
      'DEEPSET_API_KEY is set, so DEEPSET_BASE_URL is required (or unset DEEPSET_API_KEY to use the sandbox)',
      'PARADIGM_BASE_URL is set, so PARADIGM_API_KEY is required',
      'PING_API_KEY is set, so PING_BASE_URL is required (or unset PING_API_KEY to use the sandbox)',
    ]);
    expect(problems.join('\n')).not.toContain('secret-key');
  });

  it('lets SANDBOX=1 override a lone key as it overrides a full provider', () => {
    expect(loadConfig({ SANDBOX: '1', PING_API_KEY: 'k' }).providers.PING).toEqual({ baseUrl: null, apiKey: null, pollIntervalMs: 2_000 });
  });

  it('polls every provider at POLL_INTERVAL_MS unless its own interval is set, with the hub\'s defaults when neither is', () => {
    expect(loadConfig({}).providers.KADOA.pollIntervalMs).toBe(DEFAULT_POLL_INTERVAL.baseMs);
    expect(loadConfig({}).pollMaxIntervalMs).toBe(DEFAULT_POLL_INTERVAL.maxMs);
    const config = loadConfig({ POLL_INTERVAL_MS: '500', KADOA_POLL_INTERVAL_MS: '250' });
    expect(Object.values(config.providers).map((p) => p.pollIntervalMs)).toEqual([500, 500, 500, 250]);
  });

  it('sizes the upstream concurrency limit by the one UPSTREAM_CONNECTIONS value the pool gets', () => {
    const config = loadConfig({ UPSTREAM_CONNECTIONS: '8' });
    expect([config.http.connections, config.upstreamGuard.concurrency.maxConcurrent]).toEqual([8, 8]);
    expect(configProblems({ UPSTREAM_CONNECTIONS: '2000' })).toEqual(['UPSTREAM_CONNECTIONS must be a whole number from 1 to 1024 (got "2000")']);
  });
});
