/**
 * Reads environment variables into typed values and collects a problem for each bad one, so the
 * operator sees every mistake at once instead of the first. Each reader returns its fallback when
 * the variable is unset or blank, and also when the value is bad (then it records a problem):
 * - `text(name)`: the trimmed value, or null;
 * - `int(name, fallback, min, max)`: a whole number within [min, max];
 * - `flag(name, fallback)`: 1/true or 0/false, any case;
 * - `oneOf(name, values, fallback)`: one of a fixed set of words;
 * - `list(name)`: comma-separated, trimmed, blanks dropped.
 * Problems echo the value they reject, so secrets are checked by the caller, with `problem()`.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export type EnvReader = ReturnType<typeof createEnvReader>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function createEnvReader(env: Env) {
  const problems: string[] = [];
  const text = (name: string): string | null => env[name]?.trim() || null;
  return {
    text,
    int(name: string, fallback: number, min: number, max: number): number {
      const raw = env[name];
      if (raw === undefined || raw.trim() === '') return fallback;
      const value = Number(raw);
      if (Number.isInteger(value) && value >= min && value <= max) return value;
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    },
    flag(name: string, fallback = false): boolean {
      const raw = text(name)?.toLowerCase();
      if (raw === undefined) return fallback;
      if (raw === '1' || raw === 'true') return true;
      if (raw === '0' || raw === 'false') return false;
      problems.push(`${name} must be 1/true or 0/false (got "${env[name]}")`);
      return fallback;
    },
    oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
      const raw = text(name);
      const value = values.find((v) => v === raw);
      if (raw !== null && value === undefined) problems.push(`${name} must be one of ${values.join(', ')} (got "${raw}")`);
      return value ?? fallback;
    },
    list: (name: string): string[] => (env[name] ?? '').split(',').map((item) => item.trim()).filter((item) => item !== ''),
    /** Records a problem found by a check of the caller's own. */
    problem: (message: string): void => void problems.push(message),
    /** Throws a ConfigError with every problem recorded, if any. */
    finish(): void {
      if (problems.length > 0) throw new ConfigError(problems);
    },
  };
}
