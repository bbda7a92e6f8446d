import { describe, expect, it } from 'vitest';
import { sessionFingerprint } from '../../src/live/session-poll-target.js';
import { decodeKadoaSession } from '../../src/upstreams/kadoa/kadoa-session.js';

const ref = { provider: 'KADOA', sessionId: 'crawl-1' } as const;
const session = (payload: unknown, fetchedAt: string) => decodeKadoaSession({ sessionId: 'crawl-1', error: null, payload }, ref, new Date(fetchedAt));

describe('sessionFingerprint', () => {
  it('ignores when the gateway fetched, and nothing else', () => {
    expect(sessionFingerprint(session({ n: 1 }, '2026-01-01T00:00:00Z'))).toBe(sessionFingerprint(session({ n: 1 }, '2026-01-01T00:00:05Z')));
    // A field of the free-form payload that happens to be called fetchedAt is data the client sees.
    expect(sessionFingerprint(session({ fetchedAt: 1 }, '2026-01-01T00:00:00Z'))).not.toBe(sessionFingerprint(session({ fetchedAt: 2 }, '2026-01-01T00:00:00Z')));
  });
});
