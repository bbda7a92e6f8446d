import { describe, expect, it } from 'vitest';
import { ConfigError, createEnvReader, type Env } from '../../src/config/env-reader.js';

/** Reads with `read`, then returns what it read and the problems it recorded. */
function readAll<T>(env: Env, read: (reader: ReturnType<typeof createEnvReader>) => T): { value: T; problems: readonly string[] } {
  const reader = createEnvReader(env);
  const value = read(reader);
  try {
    reader.finish();
    return { value, problems: [] };
  } catch (error) {
    if (error instanceof ConfigError) return { value, problems: error.problems };
    throw error;
  }
}

describe('the env reader', () => {
  it('gives the fallback for unset and blank variables, and trims the rest', () => {
    const env = { BLANK: '  ', N: ' 42 ', F: ' TRUE ', W: ' b ', L: ' x , ,y,', T: ' text ' };
    expect(
      readAll(env, (read) => [
        read.int('UNSET', 7, 0, 100), read.int('BLANK', 7, 0, 100), read.int('N', 7, 0, 100),
        read.flag('UNSET'), read.flag('BLANK', true), read.flag('F'),
        read.oneOf('UNSET', ['a', 'b'], 'a'), read.oneOf('W', ['a', 'b'], 'a'),
        read.list('UNSET'), read.list('L'),
        read.text('UNSET'), read.text('BLANK'), read.text('T'),
      ]),
    ).toEqual({ value: [7, 7, 42, false, true, true, 'a', 'b', [], ['x', 'y'], null, null, 'text'], problems: [] });
  });

  it('takes 1/true and 0/false in any case for a flag, whatever its fallback', () => {
    expect(readAll({ A: '1', B: 'True', C: '0', D: 'FALSE' }, (read) => [read.flag('A'), read.flag('B'), read.flag('C', true), read.flag('D', true)]).value).toEqual([true, true, false, false]);
  });

  it('collects one problem per bad value, in order, and keeps reading past them', () => {
    const env = { LOW: '-1', HIGH: '101', FRACTION: '1.5', WORD: 'ten', FLAG: 'yes', CHOICE: 'c' };
    const { value, problems } = readAll(env, (read) => {
      read.problem('a check of the caller');
      return [read.int('LOW', 1, 0, 100), read.int('HIGH', 2, 0, 100), read.int('FRACTION', 3, 0, 100), read.int('WORD', 4, 0, 100), read.flag('FLAG', true), read.oneOf('CHOICE', ['a', 'b'], 'b')];
    });
    expect(value).toEqual([1, 2, 3, 4, true, 'b']);
    expect(problems).toEqual([
      'a check of the caller',
      'LOW must be a whole number from 0 to 100 (got "-1")',
      'HIGH must be a whole number from 0 to 100 (got "101")',
      'FRACTION must be a whole number from 0 to 100 (got "1.5")',
      'WORD must be a whole number from 0 to 100 (got "ten")',
      'FLAG must be 1/true or 0/false (got "yes")',
      'CHOICE must be one of a, b (got "c")',
    ]);
  });

  it('throws every problem in one ConfigError that lists them all', () => {
    const read = createEnvReader({ A: 'x', B: 'y' });
    read.int('A', 0, 0, 1);
    read.flag('B');
    expect(() => read.finish()).toThrow(new ConfigError(['A must be a whole number from 0 to 1 (got "x")', 'B must be 1/true or 0/false (got "y")']));
    expect(() => read.finish()).toThrow('Invalid configuration:\n  - A must be a whole number from 0 to 1 (got "x")\n  - B must be 1/true or 0/false (got "y")');
  });
});
