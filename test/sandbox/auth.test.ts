import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SESSION_IDS } from '../../src/sandbox/demo-sessions.js';
import { SANDBOX_KEYS, startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { PROVIDERS, type Provider } from '../../src/upstreams/provider.js';
import { authHeaders, call, SESSION_PATH } from './sandbox-client.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

const demoPath = (provider: Provider): string => SESSION_PATH[provider](DEMO_SESSION_IDS[provider][0] ?? '');

/** The right key sent the way another provider expects it: each must be refused. */
const WRONG_SCHEME: Record<Provider, Record<string, string>> = {
  DEEPSET: { authorization: SANDBOX_KEYS.DEEPSET },
  PARADIGM: { 'x-api-key': SANDBOX_KEYS.PARADIGM },
  PING: { authorization: `Bearer ${SANDBOX_KEYS.PING}` },
  KADOA: { authorization: `Bearer ${SANDBOX_KEYS.KADOA}` },
};

describe.each(PROVIDERS)('%s auth', (provider) => {
  it('answers 200 to the right key in the contract header', async () => {
    expect((await call(sandbox, provider, demoPath(provider))).status).toBe(200);
  });

  it('answers 401 with no key, a wrong key, or the right key in the wrong form, never echoing a key', async () => {
    const attempts = [{}, authHeaders(provider, 'not-the-key'), WRONG_SCHEME[provider]];
    for (const headers of attempts) {
      const response = await call(sandbox, provider, demoPath(provider), { headers });
      expect(response.status).toBe(401);
      expect(response.text).not.toContain('not-the-key');
      expect(response.text).not.toContain(SANDBOX_KEYS[provider]);
    }
  });
});

describe('keys option', () => {
  it('replaces a provider key and keeps the defaults for the others', async () => {
    const custom = await startSandbox({ keys: { PING: 'custom-ping-key' } });
    try {
      expect(custom.keys).toEqual({ ...SANDBOX_KEYS, PING: 'custom-ping-key' });
      const statuses = await Promise.all([
        call(custom, 'PING', demoPath('PING'), { headers: { authorization: 'custom-ping-key' } }),
        call(custom, 'PING', demoPath('PING'), { headers: { authorization: SANDBOX_KEYS.PING } }),
        call(custom, 'KADOA', demoPath('KADOA'), { headers: { 'x-api-key': SANDBOX_KEYS.KADOA } }),
      ]);
      expect(statuses.map(({ status }) => status)).toEqual([200, 401, 200]);
    } finally {
      await custom.close();
    }
  });
});

it('documents these default keys', () => {
  expect(SANDBOX_KEYS).toEqual({
    DEEPSET: 'sandbox-deepset-key',
    PARADIGM: 'sandbox-paradigm-key',
    PING: 'sandbox-ping-key',
    KADOA: 'sandbox-kadoa-key',
  });
});
