import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/upstreams/upstream-error.js';
import { DEMO_SESSIONS, parseSessionInputs } from '../../src/dashboard/page/session-input.js';
import { decodeSessionId, encodeSessionId, ID_FORMS_HINT } from '../../src/schema/global-id.js';
import type { SessionRef } from '../../src/upstreams/session-ref.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('session global ids', () => {
  it.each<SessionRef>([
    { provider: 'DEEPSET', workspace: 'demo', sessionId: 'd0000000-0000-4000-8000-000000000001' },
    { provider: 'PARADIGM', sessionId: 'a0000000-0000-4000-8000-000000000001' },
    { provider: 'PING', sessionId: 'vpn-demo-1' },
    { provider: 'KADOA', sessionId: 'crawl-demo-1' },
  ])('round-trips %j', (ref) => {
    expect(decodeSessionId(encodeSessionId(ref))).toEqual(ref);
  });

  it('names the type and coordinates in the decoded text', () => {
    expect(Buffer.from(encodeSessionId({ provider: 'DEEPSET', workspace: 'w', sessionId: 'd0000000-0000-4000-8000-000000000001' }), 'base64').toString()).toBe(
      'DeepsetUploadSession:w/d0000000-0000-4000-8000-000000000001',
    );
  });

  it('normalizes uuid case so one session has one key', () => {
    expect(decodeSessionId(b64('ParadigmUploadSession:A0000000-0000-4000-8000-00000000000F'))).toEqual({
      provider: 'PARADIGM',
      sessionId: 'a0000000-0000-4000-8000-00000000000f',
    });
  });

  it.each([
    ['empty', ''],
    ['not base64', 'not base64!'],
    ['unknown type', b64('User:1')],
    ['no colon', b64('PingVpnSession')],
    ['path traversal', b64('PingVpnSession:../admin')],
    ['encoded slash', b64('KadoaCrawlSession:a%2Fb')],
    ['slash', b64('KadoaCrawlSession:a/b')],
    ['NUL', b64('PingVpnSession:a\u0000b')],
    ['dot-dot', b64('PingVpnSession:..')],
    ['too long', b64(`PingVpnSession:${'a'.repeat(600)}`)],
    ['deepset without workspace', b64('DeepsetUploadSession:d0000000-0000-4000-8000-000000000001')],
    ['deepset with a bad uuid', b64('DeepsetUploadSession:demo/123')],
    ['deepset workspace traversal', b64('DeepsetUploadSession:../d0000000-0000-4000-8000-000000000001')],
    ['paradigm non-uuid', b64('ParadigmUploadSession:abc')],
    ['invalid utf-8', Buffer.from([0x50, 0x69, 0x6e, 0x67, 0xff, 0xfe]).toString('base64')],
  ])('refuses %s with INVALID_INPUT', (_name, id) => {
    expect(() => decodeSessionId(id)).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('throws nothing but INVALID_INPUT for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String(), fc.string().map(b64)), (id) => {
        try {
          decodeSessionId(id);
        } catch (error) {
          expect(error).toBeInstanceOf(UpstreamError);
          expect((error as UpstreamError).code).toBe('INVALID_INPUT');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it.each<[string, SessionRef]>([
    ['kadoa:crawl-demo-1', { provider: 'KADOA', sessionId: 'crawl-demo-1' }],
    ['Ping:vpn-demo-1', { provider: 'PING', sessionId: 'vpn-demo-1' }],
    ['paradigm:A0000000-0000-4000-8000-000000000001', { provider: 'PARADIGM', sessionId: 'a0000000-0000-4000-8000-000000000001' }],
    ['deepset:demo/d0000000-0000-4000-8000-000000000001', { provider: 'DEEPSET', workspace: 'demo', sessionId: 'd0000000-0000-4000-8000-000000000001' }],
  ])('also takes the form people type, %s', (typed, ref) => {
    expect(decodeSessionId(typed)).toEqual(ref);
  });

  it.each([
    ['not base64', 'not base64!', 'The id is not a session id'],
    ['unknown type', b64('User:1'), 'The id is not a session id'],
    ['unknown provider', 'github:1', 'The id names no provider'],
    ['deepset without workspace', 'deepset:d0000000-0000-4000-8000-000000000001', 'A deepset id needs its workspace'],
    ['bad coordinates', 'paradigm:abc', 'The upload session uuid is not a valid LightOn Paradigm session id'],
  ])('says what is wrong (%s) and which forms it takes', (_name, id, what) => {
    expect(() => decodeSessionId(id)).toThrowError(`${what}: ${ID_FORMS_HINT}`);
  });

  it('accepts every id the dashboard accepts, as the same session', () => {
    const typed = [...DEMO_SESSIONS.map(({ label }) => label), 'KADOA:crawl-demo-1', 'deepset:demo/D0000000-0000-4000-8000-000000000001'];
    for (const input of typed) {
      const [parsed] = parseSessionInputs(input);
      expect(parsed).toMatchObject({ ok: true });
      expect(decodeSessionId(input)).toEqual(decodeSessionId((parsed as { id: string }).id));
    }
  });
});
