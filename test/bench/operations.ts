import { encodeSessionId } from '../../src/schema/global-id.js';
import type { SessionRef } from '../../src/upstreams/session-ref.js';
import { LIVE_PREFIX } from './fixed-upstream.js';

/** What the single-session scenario asks for: every common field plus Ping's own, 64-bit counters included. */
export const SINGLE_SESSION_QUERY =
  'query One($id: ID!) { session(id: $id) { id provider state providerStatus isTerminal fetchedAt ... on PingVpnSession { clientId status duration uploadedBytes downloadedBytes } } }';

export const FAN_OUT_QUERY = 'query Many($ids: [ID!]!) { sessions(ids: $ids) { id provider state isTerminal fetchedAt } }';

export function aliasesQuery(count: number): string {
  const fields = Array.from({ length: count }, (_, i) => `a${i}: session(id: $id) { id state providerStatus }`).join(' ');
  return `query Same($id: ID!) { ${fields} }`;
}

export const WATCH_SUBSCRIPTION =
  'subscription Watch($id: ID!) { sessionUpdated(id: $id) { id state ... on KadoaCrawlSession { crawledPages } } }';

/** The sandbox's moving Ping demo session, and the fixed upstream's stand-in for it. */
export const SANDBOX_SESSION: SessionRef = { provider: 'PING', sessionId: 'vpn-demo-1' };
export const FIXED_SESSION: SessionRef = { provider: 'PING', sessionId: 'vpn-bench-1' };

const hex = (n: number) => n.toString(16).padStart(12, '0');

/** `count` distinct sessions spread round-robin over the four providers (50 -> 13, 13, 12, 12). */
export function fanOutRefs(count: number): SessionRef[] {
  return Array.from({ length: count }, (_, i): SessionRef => {
    switch (i % 4) {
      case 0:
        return { provider: 'DEEPSET', workspace: 'bench', sessionId: `d1000000-0000-4000-8000-${hex(i)}` };
      case 1:
        return { provider: 'PARADIGM', sessionId: `a1000000-0000-4000-8000-${hex(i)}` };
      case 2:
        return { provider: 'PING', sessionId: `vpn-bench-${i}` };
      default:
        return { provider: 'KADOA', sessionId: `crawl-bench-${i}` };
    }
  });
}

/** Kadoa sessions for the subscription scenarios: `live` ones change on every poll, the others never do. */
export function watchedRef(index: number, live: boolean): SessionRef {
  return { provider: 'KADOA', sessionId: `${live ? LIVE_PREFIX : 'still-'}${index}` };
}

export function kadoaStatusPath(ref: SessionRef): string {
  return `/v4/crawl/${encodeURIComponent(ref.sessionId)}/status`;
}

export const gid = encodeSessionId;

export function body(query: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ query, variables });
}
