import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const GRAPHQL_RESPONSE = 'application/graphql-response+json; charset=utf-8';
const JSON_RESPONSE = 'application/json; charset=utf-8';
const CSRF = { 'x-graphql-yoga-csrf': '1' };

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

async function send(method: string, path: string, headers: Record<string, string>, body?: BodyInit) {
  const response = await fetch(`${gw.url}${path}`, { method, headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
  const text = await response.text();
  const type = response.headers.get('content-type');
  return { status: response.status, type, allow: response.headers.get('allow'), body: type?.includes('json') ? JSON.parse(text) : text || null };
}
const post = (body: unknown, accept = 'application/graphql-response+json', extra: Record<string, string> = {}) =>
  send('POST', '/graphql', { 'content-type': 'application/json', accept, ...extra }, JSON.stringify(body));
const get = (params: Record<string, string>, extra: Record<string, string> = CSRF) =>
  send('GET', `/graphql?${new URLSearchParams(params)}`, { accept: 'application/graphql-response+json', ...extra });

const SESSION = 'query ($id: ID!) { session(id: $id) { state } }';
const variables = { id: gid(DEMO.kadoaCrawling) };

describe('GraphQL over HTTP', () => {
  it('answers application/graphql-response+json when asked, application/json to legacy clients', async () => {
    expect(await post({ query: SESSION, variables })).toMatchObject({ status: 200, type: GRAPHQL_RESPONSE, body: { data: { session: { state: 'PROCESSING' } } } });
    expect(await post({ query: SESSION, variables }, 'application/json')).toMatchObject({ status: 200, type: JSON_RESPONSE });
    expect(await send('POST', '/graphql', { 'content-type': 'application/json' }, JSON.stringify({ query: SESSION, variables }))).toMatchObject({ status: 200, type: JSON_RESPONSE });
  });

  it('runs a query sent with GET and query parameters', async () => {
    expect(await get({ query: SESSION, variables: JSON.stringify(variables) })).toEqual({ status: 200, type: GRAPHQL_RESPONSE, allow: null, body: { data: { session: { state: 'PROCESSING' } } } });
  });

  it('refuses a mutation over GET with 405 and Allow: POST, closing nothing', async () => {
    const result = await get({ query: 'mutation ($id: ID!) { closeSession(id: $id) { __typename } }', variables: JSON.stringify({ id: gid(DEMO.deepsetOpen) }) });
    expect(result).toMatchObject({ status: 405, type: GRAPHQL_RESPONSE, allow: 'POST' });
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it.each([
    ['a syntax error', { query: '{ session(id: "x") { id ' }, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', { query: '{ nope }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['no query at all', {}, 'BAD_REQUEST'],
    ['a null for a non-null variable', { query: SESSION, variables: { id: null } }, undefined],
  ])('answers %s with 400 and no data', async (_name, body, code) => {
    const result = await post(body);
    expect([result.status, result.type]).toEqual([400, GRAPHQL_RESPONSE]);
    expect(result.body.data).toBeUndefined();
    if (code) expect(result.body.errors[0].extensions.code).toBe(code);
  });

  it('answers a field error with 200, data and a located error', async () => {
    const result = await post({ query: SESSION, variables: { id: 'bm9wZQ==' } });
    expect(result).toMatchObject({ status: 200, body: { data: { session: null }, errors: [{ path: ['session'], extensions: { code: 'INVALID_INPUT' } }] } });
  });

  it.each([
    ['invalid JSON', { 'content-type': 'application/json' }, '{"query": ', 400],
    ['a batch (batching is off)', { 'content-type': 'application/json' }, JSON.stringify([{ query: SESSION, variables }]), 400],
    ['an unsupported media type', { 'content-type': 'application/xml' }, '<query/>', 415],
    ['a response type it cannot produce', { 'content-type': 'application/json', accept: 'text/xml' }, JSON.stringify({ query: SESSION, variables }), 406],
  ])('refuses %s with %#', async (_name, headers, body, status) => {
    expect((await send('POST', '/graphql', headers, body)).status).toBe(status);
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('refuses a verb other than GET and POST with 405', async () => {
    expect(await send('PUT', '/graphql', { 'content-type': 'application/json' }, JSON.stringify({ query: SESSION, variables }))).toMatchObject({ status: 405, allow: 'GET, POST' });
  });
});

describe('request body size', () => {
  const padded = (bytes: number) => JSON.stringify({ query: SESSION, variables, extensions: { padding: 'x'.repeat(bytes) } });

  it('refuses a body over 64 KiB with 413, before parsing it', async () => {
    expect(await send('POST', '/graphql', { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, padded(70_000))).toMatchObject({
      status: 413,
      body: { errors: [{ extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] },
    });
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('counts the bytes of a chunked body that declares no length', async () => {
    const body = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i += 1) controller.enqueue(new TextEncoder().encode(i === 0 ? padded(70_000).slice(0, 7_000) : 'x'.repeat(7_000)));
        controller.close();
      },
    });
    expect((await send('POST', '/graphql', { 'content-type': 'application/json' }, body)).status).toBe(413);
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('serves a body just under the limit', async () => {
    expect((await send('POST', '/graphql', { 'content-type': 'application/json' }, padded(60_000))).status).toBe(200);
  });
});

describe('CSRF prevention', () => {
  it('refuses a GET without a custom header, which any page could make a browser send', async () => {
    expect(await get({ query: SESSION, variables: JSON.stringify(variables) }, {})).toMatchObject({ status: 403, body: { errors: [{ message: 'Required CSRF header not present: send `x-graphql-yoga-csrf` (any value) with a GET, or POST with content-type: application/json' }] } });
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])('refuses a POST a cross-site form could send (%s)', async (type) => {
    expect((await send('POST', '/graphql', { 'content-type': type }, JSON.stringify({ query: SESSION, variables }))).status).toBe(403);
    expect(gw.sandbox.requests).toHaveLength(0);
  });
});

describe('406', () => {
  it('is decided before anything runs: a mutation is not carried out for a client that cannot read the answer', async () => {
    const result = await send('POST', '/graphql', { 'content-type': 'application/json', accept: 'text/xml' }, JSON.stringify({ query: 'mutation ($id: ID!) { closeSession(id: $id) { __typename } }', variables: { id: gid(DEMO.deepsetOpen) } }));
    expect(result.status).toBe(406);
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it.each(['', '*/*', 'application/*', 'application/json;q=0.5, text/xml', 'text/event-stream'])('is not answered to Accept: %s', async (accept) => {
    expect((await post({ query: '{ __typename }' }, accept)).status).toBe(200);
  });
});
