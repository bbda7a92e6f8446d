import { readConnectionConfig } from './connection-config.js';
import { readEconomyConfig } from './economy-config.js';
import { createEnvReader, type Env } from './env-reader.js';
import type { GatewayConfig } from './gateway-config.js';
import { readLiveConfig } from './live-config.js';
import { readOperationsConfig } from './operations-config.js';
import { readProvidersConfig } from './providers-config.js';
import { readSecurityConfig } from './security-config.js';
import { readUpstreamConfig } from './upstream-config.js';

/**
 * Environment -> typed, validated, frozen config, one reader per section. Every bad value is
 * reported at once in a ConfigError, each with its own message, instead of failing on the first.
 */
export function loadConfig(env: Env, isTty = false): GatewayConfig {
  const read = createEnvReader(env);
  const production = env.NODE_ENV === 'production';
  const { pollIntervalMs, ...live } = readLiveConfig(read);
  const config: GatewayConfig = {
    ...readOperationsConfig(read, production, isTty),
    ...readProvidersConfig(read, pollIntervalMs),
    ...readUpstreamConfig(read),
    ...readEconomyConfig(read),
    ...live,
    ...readSecurityConfig(read, production),
    ...readConnectionConfig(read),
  };
  read.finish();
  return Object.freeze(config);
}
