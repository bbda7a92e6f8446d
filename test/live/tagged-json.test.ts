import { describe, expect, it } from 'vitest';
import { fromTaggedJson, toTaggedJson } from '../../src/live/tagged-json.js';

describe('tagged JSON', () => {
  it('round-trips Dates (invalid ones too) and bigints past 2^53, wherever they sit', () => {
    const value = {
      fetchedAt: new Date('2026-01-02T03:04:05.678Z'),
      never: new Date(Number.NaN),
      uploadedBytes: 2n ** 64n + 1n,
      downloadedBytes: -7n,
      nested: [{ at: new Date(0), n: 0n }, null, 'text', 1.5],
    };
    const back = fromTaggedJson(toTaggedJson(value)) as typeof value;
    expect(back).toEqual(value);
    expect(back.uploadedBytes).toBe(18446744073709551617n);
    expect(back.fetchedAt).toBeInstanceOf(Date);
    expect(Number.isNaN(back.never.getTime())).toBe(true);
  });

  it('never mistakes upstream data for a tag, and keeps key order and odd keys', () => {
    const payload = JSON.parse('{"a":1,"$t":"date","v":"2020-01-01","inner":{"$t":{"$t":"bigint"}},"__proto__":{"polluted":true}}') as Record<string, unknown>;
    const back = fromTaggedJson(toTaggedJson({ payload })) as { payload: Record<string, unknown> };
    expect(back.payload).toEqual(payload);
    expect(Object.keys(back.payload)).toEqual(['a', '$t', 'v', 'inner', '__proto__']);
    expect(Object.getPrototypeOf(back.payload)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a tag it does not know', () => {
    expect(() => fromTaggedJson('{"$t":"regexp","v":"x"}')).toThrow(SyntaxError);
    expect(() => fromTaggedJson('{"$t":"bigint","v":"1.5"}')).toThrow(SyntaxError);
  });
});
