import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { subscribeWs } from '../support/subscription-clients.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const id = gid(DEMO.kadoaCrawling);
const distinctIds = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => gid({ provider: 'PING', sessionId: `${prefix}-${i}` }));
const nested = (levels: number) => `${'... on Session { '.repeat(levels)}id${' }'.repeat(levels)}`;
const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: session(id: $id) { id }`).join(' ');

describe('query limits, at their defaults', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it.each([
    ['deeper than 8', `query ($id: ID!) { session(id: $id) { ${nested(7)} } }`, { id }, /depth limit of 8 exceeded, found 9/],
    ['with more than 30 aliases', `query ($id: ID!) { ${aliases(31)} }`, { id }, /Aliases limit of 30/],
  ])('refuses a query %s as a validation error (400), with 0 upstream calls', async (_name, query, variables, message) => {
    const { status, contentType, body } = await gw.post({ query, variables });
    expect([status, contentType]).toEqual([400, 'application/graphql-response+json; charset=utf-8']);
    expect(body).toEqual({ errors: [{ message: expect.stringMatching(message), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('refuses a query of more than 1000 tokens before parsing it', async () => {
    const { status, body } = await gw.post({ query: `query ($id: ID!) { session(id: $id) { ${'id '.repeat(1000)} } }`, variables: { id } });
    expect(status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('Token limit of 1000'), extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('refuses an operation naming more than 100 distinct sessions, however they are spread over fields and aliases', async () => {
    const { status, body } = await gw.post({
      query: 'query ($a: [ID!]!, $b: [ID!]!) { a: sessions(ids: $a) { id } b: nodes(ids: $b) { id } c: pingVpnSession(id: "one-more") { id } }',
      variables: { a: distinctIds(50, 'a'), b: distinctIds(50, 'b') },
    });
    expect(status).toBe(400);
    expect(body).toEqual({ errors: [{ message: 'This operation names 101 sessions; at most 100 may be asked for in one operation', extensions: { code: 'INVALID_INPUT' } }] });
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('counts a session asked for many times once', async () => {
    const ids = distinctIds(100, 'x');
    const { status, body } = await gw.post({ query: 'query ($ids: [ID!]!) { a: sessions(ids: $ids) { id } b: nodes(ids: $ids) { id } }', variables: { ids } });
    expect(status).toBe(200);
    expect((body.data as any).a).toHaveLength(100);
  });

  it('lets through what the gateway is for: the GraphiQL demo, introspection, 30 aliases', async () => {
    const { GRAPHIQL_DEFAULT_QUERY } = await import('../../src/gateway.js');
    expect((await gw.post({ query: GRAPHIQL_DEFAULT_QUERY })).body.errors).toBeUndefined();
    expect((await gw.post({ query: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }) })).body.errors).toBeUndefined();
    expect((await gw.post({ query: `query ($id: ID!) { ${aliases(30)} }`, variables: { id } })).body.errors).toBeUndefined();
    expect((await gw.post({ query: `query ($id: ID!) { session(id: $id) { ${nested(6)} } }`, variables: { id } })).body.errors).toBeUndefined();
  });

  it('applies over graphql-ws too, with 0 upstream calls', async () => {
    const stream = subscribeWs<any>(gw.url, `query ($id: ID!) { ${aliases(31)} }`, { id });
    const result = await stream.next();
    await stream.close();
    expect(result!.errors?.[0]?.message).toMatch(/Aliases limit of 30/);
    expect(gw.sandbox.requests).toHaveLength(0);
  });
});

describe('query limits, configured', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ MAX_DEPTH: '2', MAX_ALIASES: '1', MAX_TOKENS: '40', MAX_COST: '10', MAX_DIRECTIVES: '1', MAX_SESSIONS_PER_OPERATION: '2', MAX_IDS_PER_FIELD: '3' });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it.each([
    ['MAX_DEPTH', 'query ($id: ID!) { session(id: $id) { ... on KadoaCrawlSession { id } } }', /depth limit of 2/],
    ['MAX_ALIASES', 'query ($id: ID!) { a: session(id: $id) { id } b: session(id: $id) { id } }', /Aliases limit of 1/],
    ['MAX_COST', 'query ($id: ID!) { session(id: $id) { id provider state providerStatus isTerminal fetchedAt sessionId } }', /Cost limit of 10/],
    ['MAX_DIRECTIVES', 'query ($id: ID!) { session(id: $id) { id @include(if: true) state @include(if: true) } }', /Directives limit of 1/],
    ['MAX_TOKENS', `query ($id: ID!) { session(id: $id) { ${'id '.repeat(40)} } }`, /Token limit of 40/],
    ['MAX_SESSIONS_PER_OPERATION', `query { sessions(ids: ${JSON.stringify(distinctIds(3, 's'))}) { id } }`, /at most 2 may be asked for/],
  ])('%s lowers its limit', async (_name, query, message) => {
    const { status, body } = await gw.post({ query, variables: { id } });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(message);
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('MAX_IDS_PER_FIELD caps one list', async () => {
    const result = await gw.query('query ($ids: [ID!]!) { sessions(ids: $ids) { id } }', { ids: [id, id, id, id] });
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(gw.sandbox.requests).toHaveLength(0);
  });
});
