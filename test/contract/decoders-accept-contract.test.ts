import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDeepsetSession } from '../../src/upstreams/deepset/deepset-session.js';
import { decodeKadoaSession } from '../../src/upstreams/kadoa/kadoa-session.js';
import { decodeParadigmSession } from '../../src/upstreams/paradigm/paradigm-session.js';
import { decodePingSession } from '../../src/upstreams/ping/ping-session.js';
import type { Provider } from '../../src/upstreams/provider.js';
import type { SessionRef } from '../../src/upstreams/session-ref.js';
import { SESSION_STATES } from '../../src/upstreams/session-state.js';
import { responseValidator } from '../support/openapi.js';
import { arbitraryFor } from '../support/schema-arbitrary.js';

const at = new Date('2026-01-01T00:00:00Z');

const CASES: Record<Provider, { path: string; ref: SessionRef; decode: (json: unknown, text: string) => { state: string; isTerminal: boolean } }> = {
  DEEPSET: {
    path: '/api/v1/workspaces/{workspace_name}/upload_sessions/{session_id}',
    ref: { provider: 'DEEPSET', workspace: 'demo', sessionId: 'd0000000-0000-4000-8000-000000000001' },
    decode: (json) => decodeDeepsetSession(json, CASES.DEEPSET.ref, at),
  },
  PARADIGM: {
    path: '/api/v2/upload-session/{uuid}',
    ref: { provider: 'PARADIGM', sessionId: 'a0000000-0000-4000-8000-000000000001' },
    decode: (json) => decodeParadigmSession(json, CASES.PARADIGM.ref, at),
  },
  PING: {
    path: '/sessions/{id}/status',
    ref: { provider: 'PING', sessionId: 'vpn-1' },
    decode: (json, text) => decodePingSession(json, text, CASES.PING.ref, at),
  },
  KADOA: {
    path: '/v4/crawl/{sessionId}/status',
    ref: { provider: 'KADOA', sessionId: 'crawl-1' },
    decode: (json) => decodeKadoaSession(json, CASES.KADOA.ref, at),
  },
};

describe.each(Object.entries(CASES) as [Provider, (typeof CASES)[Provider]][])('%s decoder vs its OpenAPI contract', (provider, { path, decode }) => {
  const contract = responseValidator(provider, 'get', path, 200);

  it('accepts every 200 body the contract allows, absent optional and null nullable fields included', () => {
    fc.assert(
      fc.property(arbitraryFor(contract.schema!), (body) => {
        // The generator must stay inside the contract, or this test would prove nothing.
        expect(contract.problems(body)).toEqual([]);
        const text = JSON.stringify(body);
        const session = decode(JSON.parse(text), text);
        expect(SESSION_STATES).toContain(session.state);
        expect(typeof session.isTerminal).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
