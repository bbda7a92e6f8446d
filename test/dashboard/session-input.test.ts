import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_SESSIONS, parseSessionInputs } from '../../src/dashboard/page/session-input.js';
import { DEMO_SESSION_IDS, DEEPSET_DEMO_WORKSPACE } from '../../src/sandbox/demo-sessions.js';
import { encodeSessionId } from '../../src/schema/global-id.js';
import { PROVIDERS } from '../../src/upstreams/provider.js';
import type { SessionRef } from '../../src/upstreams/session-ref.js';

const ref = (provider: SessionRef['provider'], sessionId: string): SessionRef =>
  provider === 'DEEPSET' ? { provider, workspace: DEEPSET_DEMO_WORKSPACE, sessionId } : { provider, sessionId };

describe('the page’s session ids', () => {
  it('lists every sandbox demo session, with the id the gateway gives it', () => {
    const expected = PROVIDERS.flatMap((provider) => DEMO_SESSION_IDS[provider].map((id) => encodeSessionId(ref(provider, id))));
    expect(DEMO_SESSIONS.map(({ id }) => id)).toEqual(expected);
  });

  it('reads provider coordinates and global ids, separated by commas or lines, and says what is wrong with the rest', () => {
    const deepset = encodeSessionId(ref('DEEPSET', 'd0000000-0000-4000-8000-000000000001'));
    const text = `kadoa:crawl-demo-1, Deepset:demo/D0000000-0000-4000-8000-000000000001\r\n ${encodeSessionId(ref('PING', 'vpn-demo-2'))} ,paradigm:not-a-uuid\ndeepset:d0000000-0000-4000-8000-000000000001,,hello\nping:`;
    expect(parseSessionInputs(text)).toEqual([
      { ok: true, id: encodeSessionId(ref('KADOA', 'crawl-demo-1')), label: 'kadoa:crawl-demo-1' },
      { ok: true, id: deepset, label: 'deepset:demo/d0000000-0000-4000-8000-000000000001' },
      { ok: true, id: encodeSessionId(ref('PING', 'vpn-demo-2')), label: 'ping:vpn-demo-2' },
      { ok: false, input: 'paradigm:not-a-uuid', problem: 'a Paradigm upload session id is a UUID' },
      { ok: false, input: 'deepset:d0000000-0000-4000-8000-000000000001', problem: 'deepset coordinates are <workspace>/<session id (a UUID)>' },
      { ok: false, input: 'hello', problem: 'neither a global id nor provider:coordinates (e.g. kadoa:crawl-demo-1)' },
      { ok: false, input: 'ping:', problem: 'the session id is missing' },
    ]);
  });

  it('does not split on spaces, which the label does not offer as a separator', () => {
    expect(parseSessionInputs('kadoa:crawl-demo-1 kadoa:crawl-demo-2')).toEqual([
      { ok: true, id: encodeSessionId(ref('KADOA', 'crawl-demo-1 kadoa:crawl-demo-2')), label: 'kadoa:crawl-demo-1 kadoa:crawl-demo-2' },
    ]);
  });

  it('encodes any coordinates exactly as the gateway does, beyond ASCII too', () => {
    const coordinates = fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => !/[\s,]/.test(s));
    fc.assert(
      fc.property(fc.constantFrom('PING', 'KADOA') as fc.Arbitrary<'PING' | 'KADOA'>, coordinates, (provider, sessionId) => {
        const [parsed] = parseSessionInputs(`${provider.toLowerCase()}:${sessionId}`);
        const id = encodeSessionId({ provider, sessionId });
        expect(parsed).toEqual({ ok: true, id, label: `${provider.toLowerCase()}:${sessionId}` });
        expect(parseSessionInputs(id)).toEqual([parsed]);
      }),
    );
  });
});
