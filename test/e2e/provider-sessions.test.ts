import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, gid, startTestGateway, upstreamJson, type TestGateway } from '../support/test-gateway.js';

const iso = (value: unknown) => (value === null ? null : new Date(value as string).toISOString());
type Raw = Record<string, any>;

const COMMON = 'id provider sessionId state providerStatus isTerminal fetchedAt';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

function withoutFetchedAt<T extends Record<string, unknown>>(value: T) {
  expect(Date.parse(value.fetchedAt as string)).not.toBeNaN();
  const { fetchedAt: _ignored, ...rest } = value;
  return rest;
}

describe('deepset upload sessions', () => {
  const QUERY = `query ($workspace: String!, $sessionId: UUID!) {
    deepsetUploadSession(workspace: $workspace, sessionId: $sessionId) {
      __typename ${COMMON} workspace status expiresAt documentationUrl writeMode ingestionStatus { failedFiles finishedFiles }
    }
  }`;

  it.each([
    ['OPEN', DEMO.deepsetOpen, 'OPEN', false],
    ['CLOSED (still ingesting)', DEMO.deepsetClosed, 'PROCESSING', false],
    ['EXPIRED', DEMO.deepsetExpired, 'EXPIRED', true],
  ] as const)('exposes every field of a %s session', async (_name, ref, state, isTerminal) => {
    const raw = (await upstreamJson(gw.sandbox, ref)) as Raw;
    const result = await gw.query<{ deepsetUploadSession: Record<string, unknown> }>(QUERY, { workspace: ref.workspace, sessionId: ref.sessionId });
    expect(result.errors).toBeUndefined();
    expect(withoutFetchedAt(result.data!.deepsetUploadSession)).toEqual({
      __typename: 'DeepsetUploadSession',
      id: gid(ref),
      provider: 'DEEPSET',
      sessionId: raw.session_id,
      state,
      providerStatus: raw.status,
      isTerminal,
      workspace: 'demo',
      status: raw.status,
      expiresAt: iso(raw.expires_at),
      documentationUrl: raw.documentation_url,
      writeMode: raw.write_mode,
      ingestionStatus: { failedFiles: raw.ingestion_status.failed_files, finishedFiles: raw.ingestion_status.finished_files },
    });
  });

  it('sees ingestion counters of a CLOSED session grow as the sandbox moves', async () => {
    const read = async () =>
      (await gw.query<any>(QUERY, { workspace: 'demo', sessionId: DEMO.deepsetClosed.sessionId })).data.deepsetUploadSession.ingestionStatus.finishedFiles as number;
    const before = await read();
    gw.sandbox.tick(2);
    expect(await read()).toBe(before + 2);
  });
});

describe('Paradigm upload sessions', () => {
  const QUERY = `query ($uuid: UUID!) {
    paradigmUploadSession(uuid: $uuid) {
      __typename ${COMMON} uuid isValid createdAt updatedAt
      documents { id title collection status updatedAt workspace }
      documentCounts { total final failed withoutStatus pending parsing parsingFailed embedding embeddingFailed embedded fail updating }
    }
  }`;

  const expected = (raw: Raw, ref: { sessionId: string }, state: string, isTerminal: boolean) => {
    const statuses = (raw.documents as Raw[]).map((d) => d.status as string);
    const count = (s: string) => statuses.filter((x) => x === s).length;
    const failed = count('parsing_failed') + count('embedding_failed') + count('fail');
    return {
      __typename: 'ParadigmUploadSession',
      id: gid({ provider: 'PARADIGM', sessionId: ref.sessionId }),
      provider: 'PARADIGM',
      sessionId: raw.uuid,
      state,
      providerStatus: null,
      isTerminal,
      uuid: raw.uuid,
      isValid: raw.is_valid,
      createdAt: iso(raw.created_at),
      updatedAt: iso(raw.updated_at),
      documents: (raw.documents as Raw[]).map((d) => ({
        id: d.id,
        title: d.title ?? null,
        collection: d.collection ?? null,
        status: d.status ? String(d.status).toUpperCase() : null,
        updatedAt: iso(d.updated_at),
        workspace: d.workspace,
      })),
      documentCounts: {
        total: statuses.length,
        final: count('embedded') + failed,
        failed,
        withoutStatus: statuses.filter((s) => s === undefined).length,
        pending: count('pending'),
        parsing: count('parsing'),
        parsingFailed: count('parsing_failed'),
        embedding: count('embedding'),
        embeddingFailed: count('embedding_failed'),
        embedded: count('embedded'),
        fail: count('fail'),
        updating: count('updating'),
      },
    };
  };

  it('exposes every field while documents move, then completes when all are final', async () => {
    const ref = DEMO.paradigmMoving;
    const seen: string[] = [];
    for (let step = 0; step < 20; step += 1) {
      const raw = (await upstreamJson(gw.sandbox, ref)) as Raw;
      const result = await gw.query<any>(QUERY, { uuid: ref.sessionId });
      const session = withoutFetchedAt(result.data.paradigmUploadSession);
      const done = (raw.documents as Raw[]).every((d) => d.status === 'embedded');
      expect(session).toEqual(expected(raw, ref, done ? 'COMPLETED' : 'PROCESSING', done));
      seen.push(session.state as string);
      if (done) break;
      gw.sandbox.tick();
    }
    expect(seen[0]).toBe('PROCESSING');
    expect(seen.at(-1)).toBe('COMPLETED');
  });

  it('reports COMPLETED_WITH_ERRORS when every document is final and one failed', async () => {
    const ref = DEMO.paradigmDone;
    const raw = (await upstreamJson(gw.sandbox, ref)) as Raw;
    const result = await gw.query<any>(QUERY, { uuid: ref.sessionId });
    expect(withoutFetchedAt(result.data.paradigmUploadSession)).toEqual(expected(raw, ref, 'COMPLETED_WITH_ERRORS', true));
  });
});

describe('Ping VPN sessions', () => {
  const QUERY = `query ($id: String!) {
    pingVpnSession(id: $id) { __typename ${COMMON} clientId status duration uploadedBytes downloadedBytes }
  }`;

  it('goes from created (PENDING) to connected (ACTIVE) with growing counters', async () => {
    const read = async () => (await gw.query<any>(QUERY, { id: 'vpn-demo-1' })).data.pingVpnSession;
    const first = await read();
    const raw = (await upstreamJson(gw.sandbox, DEMO.pingMoving)) as Raw;
    expect(withoutFetchedAt(first)).toEqual({
      __typename: 'PingVpnSession',
      id: gid(DEMO.pingMoving),
      provider: 'PING',
      sessionId: 'vpn-demo-1',
      state: 'PENDING',
      providerStatus: 'created',
      isTerminal: false,
      clientId: raw.client_id,
      status: 'CREATED',
      duration: raw.duration ?? null,
      uploadedBytes: raw.uploaded_bytes === undefined ? null : String(raw.uploaded_bytes),
      downloadedBytes: raw.downloaded_bytes === undefined ? null : String(raw.downloaded_bytes),
    });
    gw.sandbox.tick(3);
    const later = await read();
    expect(later).toMatchObject({ state: 'ACTIVE', providerStatus: 'connected', status: 'CONNECTED', isTerminal: false });
    expect(BigInt(later.uploadedBytes)).toBeGreaterThan(BigInt(first.uploadedBytes ?? '0'));
    expect(BigInt(later.downloadedBytes)).toBeGreaterThan(BigInt(first.downloadedBytes ?? '0'));
  });

  it('keeps a byte counter past 2^53 exact, as a string of digits (INACTIVE, not terminal)', async () => {
    const result = await gw.query<any>(QUERY, { id: 'vpn-demo-2' });
    expect(result.data.pingVpnSession).toMatchObject({ state: 'INACTIVE', isTerminal: false, status: 'DISCONNECTED', downloadedBytes: '9007199254740993' });
  });
});

describe('Kadoa crawl sessions', () => {
  const QUERY = `query ($sessionId: String!) {
    kadoaCrawlSession(sessionId: $sessionId) { __typename ${COMMON} error payload crawledPages finished }
  }`;

  it('exposes every field while crawledPages rises, until finished (COMPLETED)', async () => {
    const pages: number[] = [];
    for (let step = 0; step < 30; step += 1) {
      const raw = (await upstreamJson(gw.sandbox, DEMO.kadoaCrawling)) as Raw;
      const session = withoutFetchedAt((await gw.query<any>(QUERY, { sessionId: 'crawl-demo-1' })).data.kadoaCrawlSession);
      const finished = raw.payload.finished === true;
      expect(session).toEqual({
        __typename: 'KadoaCrawlSession',
        id: gid(DEMO.kadoaCrawling),
        provider: 'KADOA',
        sessionId: raw.sessionId,
        state: finished ? 'COMPLETED' : 'PROCESSING',
        providerStatus: raw.payload.status,
        isTerminal: finished,
        error: null,
        payload: raw.payload,
        crawledPages: raw.payload.crawledPages,
        finished: raw.payload.finished,
      });
      pages.push(session.crawledPages as number);
      if (finished) break;
      gw.sandbox.tick();
    }
    expect(pages.length).toBeGreaterThan(2);
    expect([...pages].sort((a, b) => a - b)).toEqual(pages);
  });

  it('maps an error to FAILED (terminal)', async () => {
    const raw = (await upstreamJson(gw.sandbox, DEMO.kadoaFailed)) as Raw;
    const result = await gw.query<any>(QUERY, { sessionId: 'crawl-demo-2' });
    expect(result.data.kadoaCrawlSession).toMatchObject({ state: 'FAILED', isTerminal: true, error: raw.error, finished: true, payload: raw.payload });
  });
});

describe('session(id) and node(id)', () => {
  it('resolve every demo session by global id to its own type', async () => {
    const refs = Object.values(DEMO);
    const result = await gw.query<any>(
      `query ($ids: [ID!]!) { sessions(ids: $ids) { __typename id provider sessionId } nodes(ids: $ids) { id } }`,
      { ids: refs.map(gid) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.sessions).toEqual(
      refs.map((ref) => ({
        __typename: { DEEPSET: 'DeepsetUploadSession', PARADIGM: 'ParadigmUploadSession', PING: 'PingVpnSession', KADOA: 'KadoaCrawlSession' }[ref.provider],
        id: gid(ref),
        provider: ref.provider,
        sessionId: ref.sessionId,
      })),
    );
    expect(result.data.nodes).toEqual(refs.map((ref) => ({ id: gid(ref) })));
  });
});
