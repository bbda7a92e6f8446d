import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../../src/security/use-csrf-prevention.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

const SESSION = 'query ($id: ID!) { session(id: $id) { state } }';

function get(headers: Record<string, string>): Promise<Response> {
  const search = new URLSearchParams({ query: SESSION, variables: JSON.stringify({ id: gid(DEMO.kadoaCrawling) }) });
  return fetch(`${gw.url}/graphql?${search}`, { headers: { accept: 'application/graphql-response+json', ...headers } });
}

describe('CSRF prevention on GET', () => {
  it('refuses a GET without the header, and the refusal names the header and a way around it', async () => {
    const response = await get({});
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: 'Required CSRF header not present: send `x-graphql-yoga-csrf` (any value) with a GET, or POST with content-type: application/json',
          extensions: { code: 'CSRF_HEADER_REQUIRED' },
        },
      ],
    });
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('runs the same GET once the header it names is sent', async () => {
    const response = await get({ [CSRF_HEADER]: '1' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { session: { state: 'PROCESSING' } } });
  });
});
