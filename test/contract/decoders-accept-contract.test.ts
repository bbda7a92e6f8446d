import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDeepsetSession } from '../../src/upstreams/deepset/deepset-session.js';
import { decodeDeepsetUploadSessionCreated } from '../../src/upstreams/deepset/deepset-upload-session-created.js';
import { decodeDeepsetUploadSessionList } from '../../src/upstreams/deepset/deepset-upload-session-list.js';
import { decodeKadoaCrawlCommandResult, decodeKadoaCrawlStarted } from '../../src/upstreams/kadoa/kadoa-crawl-command.js';
import { decodeKadoaCrawlPages } from '../../src/upstreams/kadoa/kadoa-crawl-pages.js';
import { decodeKadoaCrawlSessionList } from '../../src/upstreams/kadoa/kadoa-crawl-session-list.js';
import { decodeKadoaSession } from '../../src/upstreams/kadoa/kadoa-session.js';
import { decodeParadigmSession } from '../../src/upstreams/paradigm/paradigm-session.js';
import { decodePingPauseResult } from '../../src/upstreams/ping/ping-pause-result.js';
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

interface LifecycleCase {
  name: string;
  provider: Provider;
  method: 'get' | 'post' | 'patch';
  path: string;
  status: number;
  decode: (json: unknown) => unknown;
}

const LIFECYCLE_CASES: LifecycleCase[] = [
  { name: 'deepset list', provider: 'DEEPSET', method: 'get', path: '/api/v1/workspaces/{workspace_name}/upload_sessions', status: 200, decode: decodeDeepsetUploadSessionList },
  { name: 'deepset create', provider: 'DEEPSET', method: 'post', path: '/api/v1/workspaces/{workspace_name}/upload_sessions', status: 201, decode: decodeDeepsetUploadSessionCreated },
  { name: 'paradigm create', provider: 'PARADIGM', method: 'post', path: '/api/v2/upload-session', status: 201, decode: (json) => decodeParadigmSession(json, CASES.PARADIGM.ref, at) },
  { name: 'kadoa start', provider: 'KADOA', method: 'post', path: '/v4/crawl/', status: 200, decode: decodeKadoaCrawlStarted },
  { name: 'kadoa pause', provider: 'KADOA', method: 'post', path: '/v4/crawl/pause', status: 200, decode: decodeKadoaCrawlCommandResult },
  { name: 'kadoa resume', provider: 'KADOA', method: 'post', path: '/v4/crawl/resume', status: 200, decode: decodeKadoaCrawlCommandResult },
  { name: 'kadoa session list', provider: 'KADOA', method: 'get', path: '/v4/crawl/sessions', status: 200, decode: decodeKadoaCrawlSessionList },
  { name: 'kadoa pages', provider: 'KADOA', method: 'get', path: '/v4/crawl/{sessionId}/pages', status: 200, decode: decodeKadoaCrawlPages },
  { name: 'ping pause', provider: 'PING', method: 'patch', path: '/sessions/{id}/pause', status: 200, decode: decodePingPauseResult },
  { name: 'ping resume', provider: 'PING', method: 'patch', path: '/sessions/{id}/resume', status: 200, decode: decodePingPauseResult },
];

describe.each(LIFECYCLE_CASES)('$name decoder vs its OpenAPI contract', ({ provider, method, path, status, decode }) => {
  const contract = responseValidator(provider, method, path, status);

  it('accepts every body the contract allows', () => {
    const bodies = arbitraryFor(contract.schema!);
    fc.assert(
      fc.property(bodies, (body) => {
        const text = JSON.stringify(body);
        expect(() => decode(JSON.parse(text))).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
