import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const CLOSE = `mutation ($id: ID!) {
  closeSession(id: $id) {
    __typename
    ... on CloseSessionSuccess { session { id state providerStatus isTerminal ... on DeepsetUploadSession { status } } }
    ... on Error { code message provider }
    ... on UpstreamFailureError { retryAfterSeconds }
  }
}`;

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

const close = async (id: string) => (await gw.query<any>(CLOSE, { id })).data.closeSession;

describe('closeSession', () => {
  it('closes an OPEN deepset session and returns it re-read after the close', async () => {
    const id = gid(DEMO.deepsetOpen);
    expect(await close(id)).toEqual({
      __typename: 'CloseSessionSuccess',
      session: { id, state: 'PROCESSING', providerStatus: 'CLOSED', isTerminal: false, status: 'CLOSED' },
    });
    expect(gw.sandbox.requests.filter((r) => r.provider === 'DEEPSET').map((r) => [r.method, r.status])).toEqual([
      ['PUT', 204],
      ['GET', 200],
    ]);
  });

  it('reports AlreadyClosedError on the second close (409)', async () => {
    const id = gid(DEMO.deepsetOpen);
    await close(id);
    expect(await close(id)).toEqual({
      __typename: 'AlreadyClosedError',
      code: 'ALREADY_CLOSED',
      message: expect.stringContaining('409'),
      provider: 'DEEPSET',
    });
  });

  it.each([
    ['CLOSED', DEMO.deepsetClosed],
    ['EXPIRED', DEMO.deepsetExpired],
  ])('reports AlreadyClosedError for a %s session', async (_name, ref) => {
    expect(await close(gid(ref))).toMatchObject({ __typename: 'AlreadyClosedError', code: 'ALREADY_CLOSED' });
  });

  it('reports NotFoundError for an unknown session', async () => {
    expect(await close(gid({ ...DEMO.deepsetOpen, sessionId: 'd0000000-0000-4000-8000-0000000000ee' }))).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      provider: 'DEEPSET',
    });
  });

  it.each([
    ['PARADIGM', DEMO.paradigmMoving],
    ['PING', DEMO.pingMoving],
    ['KADOA', DEMO.kadoaCrawling],
  ] as const)('reports CloseNotSupportedError for %s without calling it', async (provider, ref) => {
    expect(await close(gid(ref))).toEqual({
      __typename: 'CloseNotSupportedError',
      code: 'CLOSE_NOT_SUPPORTED',
      message: expect.stringContaining('no close endpoint'),
      provider,
    });
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('reports InvalidInputError for a malformed id, sending nothing', async () => {
    expect(await close('not-an-id')).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', provider: null });
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('reports InvalidInputError when deepset answers 422', async () => {
    gw.sandbox.faults.set('DEEPSET', { kind: 'status', status: 422 });
    expect(await close(gid(DEMO.deepsetOpen))).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', provider: 'DEEPSET' });
  });

  it.each([
    [{ kind: 'status', status: 503 } as const, 'UPSTREAM_UNAVAILABLE', null],
    [{ kind: 'status', status: 429, retryAfterSeconds: 3 } as const, 'RATE_LIMITED', 3],
    [{ kind: 'status', status: 401 } as const, 'UNAUTHENTICATED', null],
    [{ kind: 'reset' } as const, 'UPSTREAM_UNAVAILABLE', null],
  ])('reports UpstreamFailureError for %j', async (fault, code, retryAfterSeconds) => {
    gw.sandbox.faults.set('DEEPSET', fault, { times: 1 });
    expect(await close(gid(DEMO.deepsetOpen))).toMatchObject({ __typename: 'UpstreamFailureError', code, provider: 'DEEPSET', retryAfterSeconds });
    // Never retried: a close is not idempotent.
    expect(gw.sandbox.requestCount('DEEPSET', { method: 'PUT' })).toBe(1);
  });
});

describe('closeSession cut short by the request deadline', () => {
  it('confirms the close with its own signal and says the close happened, though the deadline left no time to read the session back', async () => {
    const short = await startTestGateway({ REQUEST_DEADLINE_MS: '300' });
    try {
      // The sandbox closes the session at once but holds the 204 past the deadline.
      short.sandbox.faults.set('DEEPSET', { kind: 'delayHeaders', ms: 1_500 }, { times: 1 });
      const result = await short.query<any>(CLOSE, { id: gid(DEMO.deepsetOpen) });
      expect(result.data.closeSession).toMatchObject({
        __typename: 'UpstreamFailureError',
        code: 'UPSTREAM_TIMEOUT',
        message: expect.stringMatching(/^The session was closed, but reading it back failed/),
      });
      expect(short.sandbox.requestCount('DEEPSET', { method: 'PUT' })).toBe(1);
    } finally {
      await short.close();
    }
  });
});
