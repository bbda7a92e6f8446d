import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createGraphQLServer } from '../../src/gateway.js';
import { createPollerHub } from '../../src/live/poller-hub.js';
import { silentLogger } from '../../src/observability/logger.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import type { SessionClient } from '../../src/upstreams/session-client.js';
import { createUpstreams } from '../../src/upstreams/upstreams.js';
import { subscribeWs } from '../support/subscription-clients.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const INTROSPECTION = '{ __schema { queryType { name } } }';
const TYPE = '{ __type(name: "Session") { name } }';
const TYPO = 'query ($id: ID!) { sesion(id: $id) { id } }';

describe('NODE_ENV=production', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ NODE_ENV: 'production' });
  });
  afterAll(() => gw.close());

  it.each([INTROSPECTION, TYPE])('refuses introspection (%s) as a validation error', async (query) => {
    const { status, body } = await gw.post({ query });
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringContaining('introspection'), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('refuses introspection over graphql-ws too', async () => {
    const stream = subscribeWs<any>(gw.url, INTROSPECTION);
    const result = await stream.next();
    await stream.close();
    expect(result!.errors?.[0]?.message).toContain('introspection');
    expect(result!.data).toBeUndefined();
  });

  it('still answers __typename', async () => {
    expect((await gw.post({ query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('serves no GraphiQL page', async () => {
    const response = await fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(406);
    expect(await response.text()).not.toContain('<html');
  });

  it('gives no field suggestions', async () => {
    const message = (await gw.post({ query: TYPO, variables: { id: 'x' } })).body.errors?.[0]?.message;
    expect(message).toContain('Cannot query field "sesion"');
    expect(message).not.toContain('session');
  });

  it("keeps no parser's message in a request error", async () => {
    const response = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: '{"query": "{ __typename }", secret-looking: 1',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('keeps expected errors as they are: our message and code, nothing of the upstream', async () => {
    gw.sandbox.faults.set('KADOA', { kind: 'status', status: 500 });
    const { body } = await gw.post({ query: 'query ($id: ID!) { session(id: $id) { id } }', variables: { id: gid(DEMO.kadoaCrawling) } });
    gw.sandbox.faults.clear();
    expect(body.errors).toEqual([expect.objectContaining({ message: 'Kadoa answered 500 (UPSTREAM_UNAVAILABLE)', extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'KADOA', upstreamStatus: 500 } })]);
  });
});

describe('NODE_ENV=production with the switches turned back on', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: '1', GRAPHIQL: '1', GRAPHQL_FIELD_SUGGESTIONS: 'true' });
  });
  afterAll(() => gw.close());

  it('answers introspection, serves GraphiQL and suggests fields', async () => {
    expect((await gw.post({ query: INTROSPECTION })).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const page = await fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toBe('text/html');
    await page.body?.cancel();
    expect((await gw.post({ query: TYPO, variables: { id: 'x' } })).body.errors?.[0]?.message).toContain('Did you mean "session"');
  });
});

describe('an unexpected internal error', () => {
  const SECRET_DETAIL = 'cannot read ownerToken of undefined in /srv/sessiongraph/private-module.ts';
  let sandbox: Sandbox;
  let server: Server | undefined;
  const nodeEnv = process.env.NODE_ENV;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());
  afterEach(async () => {
    process.env.NODE_ENV = nodeEnv;
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** A gateway whose Kadoa client has a bug: no upstream can produce one, so it is planted here. */
  async function gatewayWithABug(env: Record<string, string>): Promise<string> {
    const config = loadConfig({ SANDBOX: '1', ...env });
    const targets = Object.fromEntries(Object.entries(sandbox.urls).map(([p, baseUrl]) => [p, { baseUrl, apiKey: sandbox.keys[p as keyof typeof sandbox.keys] }])) as never;
    const upstreams = createUpstreams(targets, config.http);
    const buggy: SessionClient<never> = {
      provider: 'KADOA',
      get: async () => {
        throw new TypeError(SECRET_DETAIL);
      },
    };
    const gateway = createGraphQLServer({
      upstreams: { ...upstreams, clients: { ...upstreams.clients, KADOA: buggy } },
      hub: createPollerHub(),
      credentials: sandbox.keys,
      limits: { maxIdsPerField: config.maxIdsPerField },
      logger: silentLogger(),
      security: config.security,
    });
    server = createServer(gateway);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const ask = async (url: string) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query ($id: ID!) { session(id: $id) { id } }', variables: { id: gid(DEMO.kadoaCrawling) } }),
    });
    return { status: response.status, text: await response.text() };
  };

  it('is masked in production, even in a process started with NODE_ENV=development', async () => {
    const url = await gatewayWithABug({ NODE_ENV: 'production' });
    process.env.NODE_ENV = 'development';
    const { status, text } = await ask(url);
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({
      data: { session: null },
      errors: [{ message: 'Unexpected error.', locations: [expect.any(Object)], path: ['session'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
    expect(text).not.toMatch(/ownerToken|private-module|stack|TypeError/);
  });

  it('(which development would show, so the check above can fail)', async () => {
    const url = await gatewayWithABug({});
    process.env.NODE_ENV = 'development';
    expect((await ask(url)).text).toContain('ownerToken');
  });
});
