import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSessionId, encodeSessionId, SESSION_TYPE_NAMES } from '../../src/schema/global-id.js';
import { ContractViolation } from '../../src/upstreams/decode.js';
import { decodeDeepsetSession } from '../../src/upstreams/deepset/deepset-session.js';
import { DEFAULT_UPSTREAM_HTTP } from '../../src/upstreams/http/upstream-pool.js';
import { decodeKadoaSession } from '../../src/upstreams/kadoa/kadoa-session.js';
import { decodeParadigmSession } from '../../src/upstreams/paradigm/paradigm-session.js';
import { decodePingSession } from '../../src/upstreams/ping/ping-session.js';
import { PROVIDERS, type Provider } from '../../src/upstreams/provider.js';
import { validateRef, type SessionRef } from '../../src/upstreams/session-ref.js';
import { UpstreamError } from '../../src/upstreams/upstream-error.js';
import { createUpstreams, type Upstreams } from '../../src/upstreams/upstreams.js';

const at = new Date('2026-01-01T00:00:00Z');
const REFS: Record<Provider, SessionRef> = {
  DEEPSET: { provider: 'DEEPSET', workspace: 'demo', sessionId: 'd0000000-0000-4000-8000-000000000001' },
  PARADIGM: { provider: 'PARADIGM', sessionId: 'a0000000-0000-4000-8000-000000000001' },
  PING: { provider: 'PING', sessionId: 'vpn-1' },
  KADOA: { provider: 'KADOA', sessionId: 'crawl-1' },
};

/** One contract-valid body per provider: the seed that mutations start from. */
const VALID: Record<Provider, unknown> = {
  DEEPSET: { session_id: REFS.DEEPSET.sessionId, status: 'OPEN', expires_at: '2099-01-01T00:00:00Z', write_mode: 'KEEP', documentation_url: 'https://x', ingestion_status: { failed_files: 0, finished_files: 0 } },
  PARADIGM: {
    uuid: REFS.PARADIGM.sessionId,
    is_valid: true,
    created_at: '2025-01-01T09:00:00Z',
    updated_at: '2025-01-01T09:00:00Z',
    documents: [{ id: 101, title: 'a.pdf', collection: 7, status: 'pending', updated_at: '2025-01-01T09:00:00Z', workspace: null }],
  },
  PING: { client_id: 'client-1', status: 'connected', duration: 0, uploaded_bytes: 0, downloaded_bytes: 0 },
  KADOA: { sessionId: 'crawl-1', error: null, payload: { crawledPages: 0, finished: false, status: 'crawling' } },
};

const DECODE: Record<Provider, (json: unknown, text: string) => unknown> = {
  DEEPSET: (json) => decodeDeepsetSession(json, REFS.DEEPSET, at),
  PARADIGM: (json) => decodeParadigmSession(json, REFS.PARADIGM, at),
  PING: (json, text) => decodePingSession(json, text, REFS.PING, at),
  KADOA: (json) => decodeKadoaSession(json, REFS.KADOA, at),
};

/** Near-valid bodies: each field kept, dropped, or replaced by any JSON value, at every depth. */
function around(value: unknown): fc.Arbitrary<unknown> {
  const anything = fc.oneof(fc.jsonValue(), fc.constantFrom(null, -1, 2 ** 53 + 1, 1e308, 0.5, '', '2025-13-45T99:99:99Z', [], {}));
  if (Array.isArray(value)) return fc.oneof(fc.array(around(value[0]), { maxLength: 4 }), anything);
  if (value !== null && typeof value === 'object') {
    const fields = Object.fromEntries(Object.entries(value).map(([key, field]) => [key, around(field)]));
    return fc.oneof({ weight: 4, arbitrary: fc.record(fields, { requiredKeys: [] }) }, { weight: 1, arbitrary: anything });
  }
  return fc.oneof(fc.constant(value), anything);
}

const onlyContractViolations = (decode: () => unknown): void => {
  try {
    decode();
  } catch (error) {
    if (!(error instanceof ContractViolation)) throw error;
  }
};

describe('decoders, on any JSON', () => {
  it.each(PROVIDERS)('%s: returns a session or throws ContractViolation, nothing else', (provider) => {
    fc.assert(
      fc.property(fc.oneof(around(VALID[provider]), fc.jsonValue()), (json) => {
        onlyContractViolations(() => DECODE[provider](json, JSON.stringify(json)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('Ping: reads 64-bit counters from any text without throwing anything but ContractViolation', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.string(), (counter, noise) => {
        const text = `{"client_id":"c","status":"connected","uploaded_bytes":${counter},"note":${JSON.stringify(noise)}}`;
        onlyContractViolations(() => DECODE.PING(JSON.parse(text), text));
      }),
    );
  });
});

describe('session ids, from any string', () => {
  const typeNames = Object.values(SESSION_TYPE_NAMES);
  const loneSurrogates = fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) });
  const coordinates = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    loneSurrogates,
    fc.constantFrom('../admin', '..', '.', 'a%2Fb', 'a/b', 'a\u0000b', 'x'.repeat(5_000), 'demo/d0000000-0000-4000-8000-000000000001', 'vpn-demo-1', 'a0000000-0000-4000-8000-000000000001', 'demo/../d0000000-0000-4000-8000-000000000001'),
  );
  const globalIds = fc.oneof(
    fc.string(),
    fc.tuple(fc.oneof(fc.constantFrom(...typeNames), fc.string()), coordinates).map(([type, coords]) => Buffer.from(`${type}:${coords}`, 'utf8').toString('base64')),
  );

  it('decode to a valid ref or fail with INVALID_INPUT, and a valid ref can only name a URL-safe path', () => {
    fc.assert(
      fc.property(globalIds, (id) => {
        let ref: SessionRef;
        try {
          ref = decodeSessionId(id);
        } catch (error) {
          expect(error).toBeInstanceOf(UpstreamError);
          expect((error as UpstreamError).code).toBe('INVALID_INPUT');
          return;
        }
        const parts = ref.provider === 'DEEPSET' ? [ref.workspace, ref.sessionId] : [ref.sessionId];
        for (const part of parts) expect(part).toMatch(/^(?!\.)[A-Za-z0-9._~-]{1,128}$/);
        expect(decodeSessionId(encodeSessionId(ref))).toEqual(ref);
      }),
      { numRuns: 5_000 },
    );
  });

  it.each([
    ['deepset coordinates under the Paradigm type', 'ParadigmUploadSession:demo/d0000000-0000-4000-8000-000000000001'],
    ['a Ping id under the deepset type', 'DeepsetUploadSession:vpn-demo-1'],
    ['a Paradigm uuid under the deepset type', 'DeepsetUploadSession:a0000000-0000-4000-8000-000000000001'],
    ['a deepset path under the Ping type', 'PingVpnSession:demo/d0000000-0000-4000-8000-000000000001'],
    ['an unknown type', 'User:1'],
  ])('refuse a global id of the wrong provider: %s', (_name, text) => {
    expect(() => decodeSessionId(Buffer.from(text).toString('base64'))).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('validateRef refuses anything off-contract with INVALID_INPUT, before any call', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROVIDERS), coordinates, coordinates, (provider, workspace, sessionId) => {
        const ref = (provider === 'DEEPSET' ? { provider, workspace, sessionId } : { provider, sessionId }) as SessionRef;
        try {
          validateRef(ref);
        } catch (error) {
          expect(error).toBeInstanceOf(UpstreamError);
          expect((error as UpstreamError).code).toBe('INVALID_INPUT');
        }
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('the upstream clients, on any body a real server sends', () => {
  let body = '';
  let server: Server;
  let upstreams: Upstreams;
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    upstreams = createUpstreams(Object.fromEntries(PROVIDERS.map((p) => [p, { baseUrl: origin, apiKey: 'k' }])) as never, { ...DEFAULT_UPSTREAM_HTTP, maxBodyBytes: 16_384 });
  });
  afterAll(async () => {
    await upstreams.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each(PROVIDERS)('%s: answer a session or UPSTREAM_BAD_RESPONSE, never an untyped error', async (provider) => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(around(VALID[provider]).map((json) => JSON.stringify(json) ?? ''), fc.string(), fc.string({ unit: 'binary' })), async (text) => {
        body = text;
        try {
          const session = (await upstreams.clients[provider].get(REFS[provider] as never, { credential: 'k', purpose: 'query' })) as { provider: Provider };
          expect(session.provider).toBe(provider);
        } catch (error) {
          expect(error).toBeInstanceOf(UpstreamError);
          expect((error as UpstreamError).code).toBe('UPSTREAM_BAD_RESPONSE');
          if (text.length > 24) expect((error as UpstreamError).message).not.toContain(text);
        }
      }),
      { numRuns: 200 },
    );
  });
});
