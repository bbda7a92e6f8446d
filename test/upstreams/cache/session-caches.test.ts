import { describe, expect, it } from 'vitest';
import { createSessionCaches } from '../../../src/upstreams/cache/session-caches.js';
import type { SessionRef } from '../../../src/upstreams/session-ref.js';
import type { SessionCommon, SessionState } from '../../../src/upstreams/session-state.js';
import { UpstreamError } from '../../../src/upstreams/upstream-error.js';

const ref: SessionRef = { provider: 'KADOA', sessionId: 'crawl-1' };
const other: SessionRef = { provider: 'KADOA', sessionId: 'crawl-2' };

function session(state: SessionState, isTerminal: boolean, at = ref): SessionCommon {
  return { provider: 'KADOA', ref: at, sessionId: at.sessionId, providerStatus: state, state, isTerminal, fetchedAt: new Date(0) };
}

function manualClock() {
  const clock = { at: 0, now: () => clock.at };
  return clock;
}

const notFound = new UpstreamError('NOT_FOUND', 'KADOA', 'No such crawl', { upstreamStatus: 404 });

describe('terminal sessions', () => {
  it('are answered from memory for their TTL, per credential scope, and live ones never are', () => {
    const clock = manualClock();
    const caches = createSessionCaches({ clock, terminalTtlMs: 60_000 });
    caches.rememberSession('scope-a', session('ACTIVE', false));
    expect(caches.terminal('scope-a', ref)).toBeUndefined();
    const done = session('COMPLETED', true);
    caches.rememberSession('scope-a', done);
    expect(caches.terminal('scope-a', ref)).toBe(done);
    expect(caches.terminal('scope-b', ref)).toBeUndefined();
    clock.at = 59_999;
    expect(caches.terminal('scope-a', ref)).toBe(done);
    clock.at = 60_000;
    expect(caches.terminal('scope-a', ref)).toBeUndefined();
    expect(caches.stats()).toEqual({ hits: { terminal: 2, notFound: 0, snapshot: 0 }, terminalEntries: 0, notFoundEntries: 0 });
  });

  it('are bounded: the least recently read goes first', () => {
    const caches = createSessionCaches({ clock: manualClock(), maxTerminalSessions: 2 });
    const third: SessionRef = { provider: 'KADOA', sessionId: 'crawl-3' };
    caches.rememberSession('s', session('FAILED', true));
    caches.rememberSession('s', session('FAILED', true, other));
    caches.terminal('s', ref);
    caches.rememberSession('s', session('EXPIRED', true, third));
    expect([ref, other, third].map((r) => caches.terminal('s', r)?.state)).toEqual(['FAILED', undefined, 'EXPIRED']);
  });

  it('are forgotten when a mutation invalidates them', () => {
    const caches = createSessionCaches({ clock: manualClock() });
    caches.rememberSession('s', session('COMPLETED_WITH_ERRORS', true));
    caches.invalidate('s', ref);
    expect(caches.terminal('s', ref)).toBeUndefined();
  });
});

describe('404s', () => {
  it('are remembered per credential scope for NOT_FOUND_TTL_MS, and a later answer replaces them', () => {
    const clock = manualClock();
    const caches = createSessionCaches({ clock });
    caches.rememberNotFound('scope-a', ref, notFound);
    expect(caches.notFound('scope-a', ref)).toBe(notFound);
    expect(caches.notFound('scope-b', ref)).toBeUndefined();
    expect(caches.notFound('scope-a', other)).toBeUndefined();
    clock.at = 5_000;
    expect(caches.notFound('scope-a', ref)).toBeUndefined();

    caches.rememberNotFound('scope-a', ref, notFound);
    caches.rememberSession('scope-a', session('ACTIVE', false));
    expect(caches.notFound('scope-a', ref)).toBeUndefined();
    caches.rememberNotFound('scope-a', ref, notFound);
    caches.invalidate('scope-a', ref);
    expect(caches.notFound('scope-a', ref)).toBeUndefined();
    expect(caches.stats().hits).toEqual({ terminal: 0, notFound: 1, snapshot: 0 });
  });

  it('make 20 reads of a just-404 id cost one upstream call, as a read path using them would', async () => {
    const caches = createSessionCaches({ clock: manualClock() });
    let calls = 0;
    const read = async (): Promise<unknown> => {
      const known = caches.notFound('s', ref) ?? caches.terminal('s', ref);
      if (known instanceof UpstreamError) throw known;
      if (known) return known;
      calls += 1;
      caches.rememberNotFound('s', ref, notFound);
      throw notFound;
    };
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => read().catch((error: UpstreamError) => error.code)));
    expect(outcomes).toEqual(Array.from({ length: 20 }, () => 'NOT_FOUND'));
    expect(calls).toBe(1);
  });
});

describe('forget', () => {
  it("drops one session under every credential scope, or every session of a provider, and nothing of another provider's", () => {
    const caches = createSessionCaches({ clock: manualClock() });
    const deepset: SessionRef = { provider: 'DEEPSET', workspace: 'demo', sessionId: 'd0000000-0000-4000-8000-000000000003' };
    const deepsetDone: SessionCommon = { ...session('EXPIRED', true, deepset), provider: 'DEEPSET' };
    caches.rememberSession('scope-a', session('COMPLETED', true));
    caches.rememberSession('scope-b', session('COMPLETED', true));
    caches.rememberSession('scope-a', session('COMPLETED', true, other));
    caches.rememberNotFound('scope-a', { provider: 'KADOA', sessionId: 'crawl-10' }, notFound);
    caches.rememberSession('scope-a', deepsetDone);

    caches.forget('KADOA', 'crawl-1');
    expect([caches.terminal('scope-a', ref), caches.terminal('scope-b', ref)]).toEqual([undefined, undefined]);
    // crawl-10 ends in "1" too: the match is on the whole id.
    expect(caches.terminal('scope-a', other)).toBeDefined();
    expect(caches.notFound('scope-a', { provider: 'KADOA', sessionId: 'crawl-10' })).toBe(notFound);

    caches.forget('DEEPSET', deepset.sessionId);
    expect(caches.terminal('scope-a', deepset)).toBeUndefined();

    caches.rememberSession('scope-a', deepsetDone);
    caches.forget('KADOA');
    expect(caches.stats()).toMatchObject({ terminalEntries: 1, notFoundEntries: 0 });
    expect(caches.terminal('scope-a', deepset)).toBe(deepsetDone);
  });
});
