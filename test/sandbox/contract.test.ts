import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SESSION_IDS } from '../../src/sandbox/demo-sessions.js';
import { SANDBOX_KEYS, startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { PROVIDERS, type Provider } from '../../src/upstreams/provider.js';
import { responseValidator } from '../support/openapi.js';
import { authHeaders, call, closeDeepset, SESSION_PATH, type CallOptions, type RawResponse } from './sandbox-client.js';

// Every body the sandbox sends is checked against schema/upstreams/*.yaml, so the simulators
// cannot drift from the vendor contracts the gateway's decoders are written against.

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

function expectConforms(provider: Provider, method: string, path: string, response: RawResponse): void {
  const contract = responseValidator(provider, method, path, response.status);
  if (contract.schema === null) {
    expect(response.text, `${provider} ${method} ${path} ${response.status} has no body in the contract`).toBe('');
    return;
  }
  expect(response.headers['content-type']).toBe('application/json');
  expect(contract.problems(JSON.parse(response.text)), `${provider} ${method} ${path} ${response.status}: ${response.text}`).toEqual([]);
}

describe('demo sessions conform to their 200 schema', () => {
  it('at every tick of every script, including deepset 0001 before and after its close', async () => {
    let checked = 0;
    for (let tick = 0; tick <= 20; tick += 1) {
      if (tick === 2) expect((await closeDeepset(sandbox, 'd0000000-0000-4000-8000-000000000001')).status).toBe(204);
      for (const provider of PROVIDERS) {
        for (const id of DEMO_SESSION_IDS[provider]) {
          const path = SESSION_PATH[provider](id);
          const response = await call(sandbox, provider, path);
          expect(response.status).toBe(200);
          expectConforms(provider, 'GET', path, response);
          checked += 1;
        }
      }
      sandbox.tick();
    }
    expect(checked).toBe(21 * 9);
  });
});

interface ErrorCase {
  name: string;
  provider: Provider;
  path: string;
  options?: CallOptions;
  status: number;
}

const DEEPSET_0001 = SESSION_PATH.DEEPSET('d0000000-0000-4000-8000-000000000001');
const putJson = (body: string): CallOptions => ({
  method: 'PUT',
  body,
  headers: { ...authHeaders('DEEPSET', SANDBOX_KEYS.DEEPSET), 'content-type': 'application/json' },
});

const ERROR_CASES: ErrorCase[] = [
  { name: 'deepset GET with a non-UUID id', provider: 'DEEPSET', path: SESSION_PATH.DEEPSET('not-a-uuid'), status: 422 },
  { name: 'deepset PUT with status OPEN', provider: 'DEEPSET', path: DEEPSET_0001, options: putJson('{"status":"OPEN"}'), status: 422 },
  { name: 'deepset PUT without a body', provider: 'DEEPSET', path: DEEPSET_0001, options: putJson(''), status: 422 },
  { name: 'deepset PUT with broken JSON', provider: 'DEEPSET', path: DEEPSET_0001, options: putJson('{"status":'), status: 422 },
  { name: 'deepset PUT with an array', provider: 'DEEPSET', path: DEEPSET_0001, options: putJson('["CLOSED"]'), status: 422 },
  { name: 'deepset PUT with a bad id and bad body', provider: 'DEEPSET', path: SESSION_PATH.DEEPSET('x'), options: putJson('1'), status: 422 },
  { name: 'deepset PUT on a CLOSED session', provider: 'DEEPSET', path: SESSION_PATH.DEEPSET('d0000000-0000-4000-8000-000000000002'), options: putJson('{"status":"CLOSED"}'), status: 409 },
  { name: 'deepset PUT on an EXPIRED session', provider: 'DEEPSET', path: SESSION_PATH.DEEPSET('d0000000-0000-4000-8000-000000000003'), options: putJson('{"status":"CLOSED"}'), status: 409 },
  { name: 'deepset PUT success', provider: 'DEEPSET', path: DEEPSET_0001, options: putJson('{"status":"CLOSED"}'), status: 204 },
  { name: 'paradigm unknown id', provider: 'PARADIGM', path: SESSION_PATH.PARADIGM('a0000000-0000-4000-8000-00000000dead'), status: 404 },
  { name: 'ping unknown id', provider: 'PING', path: SESSION_PATH.PING('vpn-nope'), status: 404 },
  { name: 'ping malformed id', provider: 'PING', path: SESSION_PATH.PING('has%20space'), status: 400 },
  { name: 'ping empty id', provider: 'PING', path: SESSION_PATH.PING(''), status: 400 },
  { name: 'ping without a key', provider: 'PING', path: SESSION_PATH.PING('vpn-demo-1'), options: { headers: {} }, status: 401 },
  { name: 'ping with a Bearer-prefixed key', provider: 'PING', path: SESSION_PATH.PING('vpn-demo-1'), options: { headers: { authorization: 'Bearer sandbox-ping-key' } }, status: 401 },
  { name: 'kadoa unknown id', provider: 'KADOA', path: SESSION_PATH.KADOA('crawl-nope'), status: 404 },
  { name: 'kadoa without a key', provider: 'KADOA', path: SESSION_PATH.KADOA('crawl-demo-1'), options: { headers: {} }, status: 401 },
  { name: 'kadoa with a wrong key', provider: 'KADOA', path: SESSION_PATH.KADOA('crawl-demo-1'), options: { headers: { 'x-api-key': 'wrong' } }, status: 401 },
];

describe('error answers conform to the schema for their status', () => {
  it.each(ERROR_CASES)('$name -> $status', async ({ provider, path, options, status }) => {
    const response = await call(sandbox, provider, path, options);
    expect(response.status).toBe(status);
    expectConforms(provider, options?.method ?? 'GET', path, response);
  });

  it('leaves the body empty exactly where the contract has none: deepset 204 and 409, paradigm 404', async () => {
    expect(responseValidator('DEEPSET', 'PUT', DEEPSET_0001, 204).schema).toBeNull();
    expect(responseValidator('DEEPSET', 'PUT', DEEPSET_0001, 409).schema).toBeNull();
    expect(responseValidator('PARADIGM', 'GET', SESSION_PATH.PARADIGM('x'), 404).schema).toBeNull();

    const closed = await closeDeepset(sandbox, 'd0000000-0000-4000-8000-000000000001');
    const again = await closeDeepset(sandbox, 'd0000000-0000-4000-8000-000000000001');
    const missing = await call(sandbox, 'PARADIGM', SESSION_PATH.PARADIGM('a0000000-0000-4000-8000-00000000dead'));
    expect([closed, again, missing].map(({ status, text, headers }) => ({ status, text, type: headers['content-type'] }))).toEqual([
      { status: 204, text: '', type: undefined },
      { status: 409, text: '', type: undefined },
      { status: 404, text: '', type: undefined },
    ]);
  });

  it("deepset's 404 has only a description in the contract; the sandbox sends FastAPI's detail", async () => {
    expect(responseValidator('DEEPSET', 'GET', DEEPSET_0001, 404).schema).toBeNull();
    expect(responseValidator('DEEPSET', 'PUT', DEEPSET_0001, 404).schema).toBeNull();
    const unknownId = 'd0000000-0000-4000-8000-00000000dead';
    const responses = [
      await call(sandbox, 'DEEPSET', DEEPSET_0001.replace('/demo/', '/other/')),
      await call(sandbox, 'DEEPSET', SESSION_PATH.DEEPSET(unknownId)),
      await call(sandbox, 'DEEPSET', SESSION_PATH.DEEPSET(unknownId), putJson('{}')),
    ];
    const detail = (id: string) => ({ detail: `There's no session with the ID '${id}' in the workspace.` });
    expect(responses.map(({ status, text }) => ({ status, body: JSON.parse(text) }))).toEqual([
      { status: 404, body: detail('d0000000-0000-4000-8000-000000000001') },
      { status: 404, body: detail(unknownId) },
      { status: 404, body: detail(unknownId) },
    ]);
  });

  it("deepset and paradigm document no 401; the sandbox answers their frameworks' {detail}", async () => {
    expect(() => responseValidator('DEEPSET', 'GET', DEEPSET_0001, 401)).toThrow(/documents no 401/);
    expect(() => responseValidator('PARADIGM', 'GET', SESSION_PATH.PARADIGM('x'), 401)).toThrow(/documents no 401/);
    for (const provider of ['DEEPSET', 'PARADIGM'] as const) {
      const response = await call(sandbox, provider, SESSION_PATH[provider](DEMO_SESSION_IDS[provider][0] ?? ''), { headers: {} });
      expect({ status: response.status, challenge: response.headers['www-authenticate'], body: JSON.parse(response.text) }).toEqual({
        status: 401,
        challenge: 'Bearer',
        body: { detail: 'Not authenticated' },
      });
    }
  });
});

describe('status faults answer in the provider contract', () => {
  const documented: [Provider, number][] = [
    ['DEEPSET', 422],
    ['PARADIGM', 404],
    ['PING', 400],
    ['PING', 401],
    ['PING', 404],
    ['PING', 500],
    ['KADOA', 400],
    ['KADOA', 401],
    ['KADOA', 404],
    ['KADOA', 500],
  ];
  it.each(documented)('%s %i', async (provider, status) => {
    sandbox.faults.set(provider, { kind: 'status', status }, { times: 1 });
    const path = SESSION_PATH[provider](DEMO_SESSION_IDS[provider][0] ?? '');
    const response = await call(sandbox, provider, path);
    expect(response.status).toBe(status);
    expectConforms(provider, 'GET', path, response);
  });
});

describe('the contractViolation fault', () => {
  it.each(PROVIDERS)('%s: parses as JSON and fails its 200 schema', async (provider) => {
    sandbox.faults.set(provider, { kind: 'contractViolation' });
    const path = SESSION_PATH[provider](DEMO_SESSION_IDS[provider][0] ?? '');
    const response = await call(sandbox, provider, path);
    expect(response.status).toBe(200);
    expect(responseValidator(provider, 'GET', path, 200).problems(JSON.parse(response.text))).not.toEqual([]);
  });
});
