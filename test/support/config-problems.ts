import { ConfigError } from '../../src/config/env-reader.js';
import { loadConfig } from '../../src/config/load-config.js';

/** The problems loadConfig reports for `env`, or none when it loads. */
export function configProblems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
