import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/env-reader.js';
import { loadConfig } from '../../src/config/load-config.js';

describe('REDIS_URL', () => {
  it('is off (null) unless set, and kept as given when it is a redis:// or rediss:// URL', () => {
    expect(loadConfig({}).redisUrl).toBeNull();
    expect(loadConfig({ REDIS_URL: '  ' }).redisUrl).toBeNull();
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(loadConfig({ REDIS_URL: 'rediss://default:pw@cache.internal:6380/2' }).redisUrl).toBe('rediss://default:pw@cache.internal:6380/2');
  });

  it('rejects anything else without echoing it, since it may carry a password', () => {
    for (const url of ['http://cache:6379', 'redis:/nohost', 'cache:6379 secret-pw']) {
      let error: unknown;
      try {
        loadConfig({ REDIS_URL: url });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(['REDIS_URL must be a redis:// or rediss:// URL with a host, e.g. redis://127.0.0.1:6379']);
    }
  });
});
