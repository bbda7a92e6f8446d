import { describe, expect, it } from 'vitest';
import { delayAfterError } from '../../src/live/interval-policy.js';
import { parseRetryAfter } from '../../src/upstreams/http/call-upstream.js';

const now = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;

describe('Retry-After', () => {
  it.each([
    ['delta-seconds', '7', 7_000],
    ['an HTTP date', 'Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['a date in the past', 'Wed, 31 Dec 2025 00:00:00 GMT', 0],
    ['a huge delta', '999999999', DAY],
    ['a far-future date', 'Fri, 31 Dec 2100 23:59:59 GMT', DAY],
    ['garbage', 'soon', undefined],
    ['nothing', '', undefined],
  ])('reads %s', (_name, header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });

  it('never schedules past what setTimeout can hold (it would fire after 1 ms)', () => {
    expect(delayAfterError(1, { baseMs: 1000, maxMs: 60_000, jitter: 'equal' }, () => 0.5, 2 ** 40)).toBe(2 ** 31 - 1);
  });
});
