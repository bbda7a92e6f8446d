import { systemClock, type Clock } from '../../live/clock.js';
import type { Provider } from '../provider.js';
import { refKey, type SessionRef } from '../session-ref.js';
import type { SessionCommon } from '../session-state.js';
import type { UpstreamError } from '../upstream-error.js';
import { createExpiringLru } from './expiring-lru.js';

export interface SessionCachesOptions {
  /**
   * How long a terminal session (EXPIRED, COMPLETED, COMPLETED_WITH_ERRORS, FAILED) is
   * answered from memory. Terminal states don't change, but a provider may delete the session;
   * past this, one read asks again. 0 turns the cache off.
   * @default 600000 (10 minutes)
   */
  terminalTtlMs?: number;
  /** @default 10000 */
  maxTerminalSessions?: number;
  /**
   * How long a 404 is remembered (NOT_FOUND_TTL_MS): short, since a session created a moment
   * later must be found. 0 turns it off.
   * @default 5000
   */
  notFoundTtlMs?: number;
  /** @default 10000 */
  maxNotFound?: number;
  /** @default the process clock */
  clock?: Pick<Clock, 'now'>;
}

export interface CacheStats {
  /** Reads answered from memory, by kind; a read answered from a live poller (PollerHub.freshSnapshot) is counted by `countSnapshotHit`. */
  hits: { terminal: number; notFound: number; snapshot: number };
  terminalEntries: number;
  notFoundEntries: number;
}

/**
 * What the session reads may skip the upstream for, per credential scope (credentialScope()):
 * terminal sessions, which can't change, and recent 404s, so a flood of made-up ids costs one
 * call per id per NOT_FOUND_TTL_MS. Shared across requests on purpose; the scope in every key is
 * what keeps one credential's answers from another.
 */
export interface SessionCaches {
  /** The cached terminal session, if any. */
  terminal<S extends SessionCommon>(scope: string, ref: SessionRef): S | undefined;
  /** The remembered 404, to be thrown again, if any. */
  notFound(scope: string, ref: SessionRef): UpstreamError | undefined;
  /** Record a read's outcome: a terminal session is kept; anything else is not. */
  rememberSession(scope: string, session: SessionCommon): void;
  /** Record a NOT_FOUND answer for the ref. */
  rememberNotFound(scope: string, ref: SessionRef, error: UpstreamError): void;
  /** A mutation (create, close) changed the session: forget all we know about it. */
  invalidate(scope: string, ref: SessionRef): void;
  /**
   * Forget a session (or, with no id, every session of the provider) under every credential: the
   * embedded sandbox restarts finished demos, the one place a terminal session comes back.
   */
  forget(provider: Provider, sessionId?: string): void;
  countSnapshotHit(): void;
  stats(): CacheStats;
}

export function createSessionCaches(options: SessionCachesOptions = {}): SessionCaches {
  const now = (options.clock ?? systemClock).now;
  const terminalTtlMs = options.terminalTtlMs ?? 600_000;
  const notFoundTtlMs = options.notFoundTtlMs ?? 5_000;
  // A TTL of 0 turns that cache off: nothing is kept, so every read asks the provider.
  const terminal = createExpiringLru<SessionCommon>({ maxEntries: options.maxTerminalSessions ?? 10_000, ttlMs: Math.max(1, terminalTtlMs), now });
  const notFound = createExpiringLru<UpstreamError>({ maxEntries: options.maxNotFound ?? 10_000, ttlMs: Math.max(1, notFoundTtlMs), now });
  const hits = { terminal: 0, notFound: 0, snapshot: 0 };
  const keyOf = (scope: string, ref: SessionRef): string => `${refKey(ref)}#${scope}`;
  /** Whether a key (refKey, then `#scope`) is the provider's, and that session's when an id is given. */
  const keyFor = (provider: Provider, sessionId: string | undefined) => (key: string): boolean => {
    const refPart = key.slice(0, key.indexOf('#'));
    return refPart.startsWith(`${provider}:`) && (sessionId === undefined || refPart.endsWith(`:${sessionId}`) || refPart.endsWith(`/${sessionId}`));
  };
  return {
    terminal<S extends SessionCommon>(scope: string, ref: SessionRef) {
      const session = terminal.get(keyOf(scope, ref));
      if (session) hits.terminal += 1;
      return session as S | undefined;
    },
    notFound(scope, ref) {
      const error = notFound.get(keyOf(scope, ref));
      if (error) hits.notFound += 1;
      return error;
    },
    rememberSession(scope, session) {
      const key = keyOf(scope, session.ref);
      notFound.delete(key);
      if (session.isTerminal && terminalTtlMs > 0) terminal.set(key, session);
      else terminal.delete(key);
    },
    rememberNotFound(scope, ref, error) {
      const key = keyOf(scope, ref);
      terminal.delete(key);
      if (notFoundTtlMs > 0) notFound.set(key, error);
    },
    invalidate(scope, ref) {
      const key = keyOf(scope, ref);
      terminal.delete(key);
      notFound.delete(key);
    },
    forget(provider, sessionId) {
      const test = keyFor(provider, sessionId);
      terminal.deleteWhere(test);
      notFound.deleteWhere(test);
    },
    countSnapshotHit() {
      hits.snapshot += 1;
    },
    stats: () => ({ hits: { ...hits }, terminalEntries: terminal.size, notFoundEntries: notFound.size }),
  };
}
