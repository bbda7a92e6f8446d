import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const SERVICE = '{ _service { sdl } }';
const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Session { id } } }';
const sdl = (await readFile(new URL('../../schema/subgraph.graphql', import.meta.url), 'utf8')).trimEnd();

describe('production mode', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ NODE_ENV: 'production' });
  });
  afterAll(() => gw.close());

  // Today `_service` is an ordinary field to the introspection rule: a gateway composes from a
  // production sessiongraph, and so can anyone who may query it (docs/federation.md).
  it('refuses introspection but serves _service { sdl } and _entities', async () => {
    const introspection = await gw.query('{ __schema { queryType { name } } }');
    expect(introspection.data).toBeUndefined();
    expect(new Set(introspection.errors!.map((e) => e.extensions?.code))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expect(await gw.query(SERVICE)).toEqual({ data: { _service: { sdl } } });
    const id = gid(DEMO.kadoaCrawling);
    expect(await gw.query(ENTITIES, { r: [{ __typename: 'Session', id }] })).toEqual({ data: { _entities: [{ id }] } });
  });
});

describe('trusted-documents mode', () => {
  let gw: TestGateway;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sessiongraph-federation-'));
    const manifest = join(dir, 'manifest.json');
    await writeFile(manifest, JSON.stringify({ 'sha256:unused': '{ session(id: "x") { id } }' }));
    gw = await startTestGateway({ TRUSTED_DOCUMENTS: manifest });
  });
  afterAll(async () => {
    await gw.close();
    await rm(dir, { recursive: true });
  });

  // A gateway plans its own `_entities` documents, so no manifest can list them: a subgraph
  // cannot run in this mode (docs/federation.md says so).
  it('refuses the documents a federation gateway sends', async () => {
    for (const query of [SERVICE, ENTITIES]) {
      const { status, body } = await gw.post({ query, variables: { r: [] } });
      expect({ status, body }).toEqual({ status: 400, body: { errors: [expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_ONLY' } })] } });
    }
  });
});

describe('MAX_SESSIONS_PER_OPERATION', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ MAX_SESSIONS_PER_OPERATION: '2' });
  });
  afterAll(() => gw.close());

  const representations = [DEMO.deepsetOpen, DEMO.pingMoving, DEMO.kadoaCrawling].map((ref) => ({ __typename: 'Session', id: gid(ref) }));

  it('counts _entities as one session per distinct representation', async () => {
    const result = await gw.query(ENTITIES, { r: representations });
    expect(result.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'INVALID_INPUT' }) })]);
    expect(gw.sandbox.requestCount('DEEPSET') + gw.sandbox.requestCount('PING') + gw.sandbox.requestCount('KADOA')).toBe(0);
  });
});

describe('client auth and query limits on _service and _entities', () => {
  const KEY = 'subgraph-key-0123456789';
  const withKey = { authorization: `Bearer ${KEY}` };
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ GATEWAY_API_KEYS: KEY, MAX_DEPTH: '3', MAX_ALIASES: '1', MAX_TOKENS: '40', MAX_IDS_PER_FIELD: '3' });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  const typed = (ref: (typeof DEMO)[keyof typeof DEMO]) => ({ __typename: 'Session', id: gid(ref) });
  const three = [DEMO.deepsetOpen, DEMO.pingMoving, DEMO.kadoaCrawling].map(typed);

  it.each([
    ['_service', { query: SERVICE }],
    ['_entities', { query: ENTITIES, variables: { r: three } }],
  ])('refuses %s without a key with 401, before any upstream call, as any operation', async (_name, body) => {
    for (const headers of [{}, { authorization: 'Bearer not-the-key-0123456789' }] as Record<string, string>[]) {
      const { status, body: refused } = await gw.post(body, headers);
      expect({ status, refused }).toEqual({ status: 401, refused: { errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })] } });
    }
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('serves _service and _entities with a key', async () => {
    expect(await gw.post({ query: SERVICE }, withKey)).toMatchObject({ status: 200, body: { data: { _service: { sdl } } } });
    expect(await gw.post({ query: ENTITIES, variables: { r: three } }, withKey)).toMatchObject({
      status: 200,
      body: { data: { _entities: three.map(({ id }) => ({ id })) } },
    });
  });

  // What a gateway's plan asks for is an ordinary document to the limits: an entity fragment is one
  // level, and a gateway may alias fields when it merges selections.
  it.each([
    ['MAX_DEPTH', '{ _entities(representations: $r) { ... on ParadigmUploadSession { documentCounts { total } } } }', /depth limit of 3 exceeded, found 4/],
    ['MAX_ALIASES', '{ _entities(representations: $r) { ... on Session { a: id b: id } } }', /Aliases limit of 1/],
    ['MAX_TOKENS', `{ _entities(representations: $r) { ... on Session { ${'id '.repeat(20)}} } }`, /Token limit of 40/],
  ])('applies %s to an _entities document, before any upstream call', async (_name, selection, message) => {
    const within = await gw.post({ query: ENTITIES, variables: { r: [typed(DEMO.paradigmMoving)] } }, withKey);
    expect(within.body.errors).toBeUndefined();
    gw.sandbox.reset();
    const { status, body } = await gw.post({ query: `query ($r: [_Any!]!) ${selection}`, variables: { r: [typed(DEMO.paradigmMoving)] } }, withKey);
    expect(status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(message) })]);
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('bounds the representations of one _entities call by MAX_IDS_PER_FIELD', async () => {
    expect((await gw.post({ query: ENTITIES, variables: { r: three } }, withKey)).body.errors).toBeUndefined();
    gw.sandbox.reset();
    const { body } = await gw.post({ query: ENTITIES, variables: { r: [...three, typed(DEMO.paradigmMoving)] } }, withKey);
    expect(body).toEqual({ data: null, errors: [expect.objectContaining({ path: ['_entities'], extensions: { code: 'INVALID_INPUT' } })] });
    expect(gw.sandbox.requests).toHaveLength(0);
  });
});
