import { isJsonObject } from '../upstreams/decode.js';

const TAG = '$t';

type Tagged = { [TAG]: 'bigint'; v: string } | { [TAG]: 'date'; v: string | null } | { [TAG]: 'object'; v: [string, unknown][] };

/**
 * JSON that keeps what session values hold beyond plain JSON: bigints (Ping's byte counters) and
 * Dates travel as `{ "$t": "bigint" | "date", "v": ... }`. A real object with its own `$t` key
 * (a free-form upstream payload may have one) travels as `{ "$t": "object", "v": [entries] }`,
 * so no upstream data can pass for a tag, and key order survives.
 */
export function toTaggedJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, encoded: unknown): unknown {
    // The holder still has the raw value: Date.prototype.toJSON has already run on `encoded`.
    const raw = this[key];
    if (typeof raw === 'bigint') return { $t: 'bigint', v: raw.toString() } satisfies Tagged;
    if (raw instanceof Date) return { $t: 'date', v: raw.toJSON() } satisfies Tagged;
    if (isJsonObject(encoded) && Object.hasOwn(encoded, TAG)) return { $t: 'object', v: Object.entries(encoded) } satisfies Tagged;
    return encoded;
  });
}

/** Parses what toTaggedJson wrote. Throws SyntaxError on bad JSON or an unknown tag. */
export function fromTaggedJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (!isJsonObject(value) || !Object.hasOwn(value, TAG)) return value;
    const { [TAG]: kind, v } = value;
    if (kind === 'bigint' && typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
    if (kind === 'date' && (typeof v === 'string' || v === null)) return new Date(v ?? Number.NaN);
    if (kind === 'object' && Array.isArray(v) && v.every(isEntry)) return Object.fromEntries(v);
    throw new SyntaxError(`Unknown tagged JSON value: ${JSON.stringify(value)}`);
  });
}

function isEntry(value: unknown): value is [string, unknown] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string';
}
