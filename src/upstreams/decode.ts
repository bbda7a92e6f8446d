import { providerName, type Provider } from './provider.js';
import { UpstreamError } from './upstream-error.js';

/**
 * Small decoders for untrusted upstream JSON. They throw ContractViolation with a path into the
 * document (never the offending value, which could be anything), and contractChecked turns it
 * into UPSTREAM_BAD_RESPONSE.
 */
export class ContractViolation extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`expected ${expected} at ${path}`);
  }
}

/** Runs a provider's decoder, reporting a contract violation as the provider's UPSTREAM_BAD_RESPONSE. */
export function contractChecked<S>(provider: Provider, decode: () => S): S {
  try {
    return decode();
  } catch (error) {
    if (error instanceof ContractViolation) {
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', provider, `${providerName(provider)} answered with a session that breaks its contract (${error.message})`, {
        cause: error,
      });
    }
    throw error;
  }
}

export type Decoder<T> = (value: unknown, path: string) => T;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** RFC 3339 date-time, the meaning of OpenAPI's `format: date-time`. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** A JSON object: not null, not an array. The sandbox and the Redis wire check their JSON with it too. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A decoder that passes the value on as it is when `test` accepts it. */
function accepting<T>(test: (value: unknown) => value is T, expected: string): Decoder<T> {
  return (value, path) => {
    if (!test(value)) throw new ContractViolation(path, expected);
    return value;
  };
}

export const object = accepting(isJsonObject, 'an object');
export const string = accepting((value): value is string => typeof value === 'string', 'a string');
export const boolean = accepting((value): value is boolean => typeof value === 'boolean', 'a boolean');
export const integer = accepting((value): value is number => typeof value === 'number' && Number.isInteger(value), 'an integer');
/** JSON `number`: any finite number, for contracts that do not say `integer`. */
export const number = accepting((value): value is number => typeof value === 'number' && Number.isFinite(value), 'a number');
export const uuid = accepting((value): value is string => typeof value === 'string' && UUID.test(value), 'a uuid');

export const dateTime: Decoder<Date> = (value, path) => {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) throw new ContractViolation(path, 'a date-time');
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new ContractViolation(path, 'a date-time');
  return date;
};

export function oneOf<T extends string>(values: readonly T[]): Decoder<T> {
  return (value, path) => {
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      throw new ContractViolation(path, `one of ${values.join(', ')}`);
    }
    return value as T;
  };
}

export function nullable<T>(decode: Decoder<T>): Decoder<T | null> {
  return (value, path) => (value === null ? null : decode(value, path));
}

export function array<T>(decode: Decoder<T>): Decoder<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new ContractViolation(path, 'an array');
    return value.map((item, index) => decode(item, `${path}[${index}]`));
  };
}

/** A property the contract marks required. */
export function required<T>(source: Record<string, unknown>, key: string, decode: Decoder<T>, path: string): T {
  if (!(key in source)) throw new ContractViolation(`${path}.${key}`, 'a required property');
  return decode(source[key], `${path}.${key}`);
}

/** A property the contract does not require: absent means `fallback` (the contract's default, or null). */
export function optional<T, F>(source: Record<string, unknown>, key: string, decode: Decoder<T>, path: string, fallback: F): T | F {
  const value = source[key];
  return value === undefined ? fallback : decode(value, `${path}.${key}`);
}
