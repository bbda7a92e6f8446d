import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
