import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

// One deepset call per second, and a deadline far shorter than a window: a call that finds the
// window spent can't start in time, and must hear so at once, not when the deadline aborts it.
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ DEEPSET_MAX_RPS: '1', REQUEST_DEADLINE_MS: '300' });
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

const LIST = 'query { deepsetUploadSessions(workspace: "demo", first: 1) { totalCount } }';
const CREATE = `mutation {
  createDeepsetUploadSession(input: { workspace: "demo" }) {
    __typename
    ... on CreateSessionSuccess { session { id } }
    ... on Error { code message }
    ... on UpstreamFailureError { retryAfterSeconds }
  }
}`;

/** No call can start after its operation's deadline (300 ms), so all of them fall in at most two one-second windows. */
const MOST_CALLS = 2;

describe('lifecycle calls under a spent budget', () => {
  it('answers a list beyond the budget RATE_LIMITED with retryAfterMs, and the provider sees no more than the budget', async () => {
    const refusedBefore = gw.budgets.DEEPSET.stats().refused.deadline;
    const answers = await Promise.all(Array.from({ length: 6 }, () => gw.query<any>(LIST)));
    const codes = answers.map((answer) => answer.errors?.[0]?.extensions?.code ?? 'OK');
    const refused = answers.filter((answer) => answer.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
    expect(codes.filter((code) => code === 'OK').length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeGreaterThanOrEqual(answers.length - MOST_CALLS);
    for (const answer of refused) {
      expect(answer.errors).toEqual([
        expect.objectContaining({
          path: ['deepsetUploadSessions'],
          extensions: expect.objectContaining({ code: 'RATE_LIMITED', provider: 'DEEPSET', retryAfterMs: expect.any(Number) }),
        }),
      ]);
    }
    // Refused by the budget when asked, knowing the deadline, rather than held until the deadline aborted them.
    expect(gw.budgets.DEEPSET.stats().refused.deadline - refusedBefore).toBe(refused.length);
    // A call admitted at the next window, just inside its deadline, may still run out of time upstream: that one was sent.
    for (const code of codes) expect(['OK', 'RATE_LIMITED', 'UPSTREAM_TIMEOUT']).toContain(code);
    expect(gw.sandbox.requestCount('DEEPSET')).toBeGreaterThanOrEqual(codes.filter((code) => code === 'OK').length);
    expect(gw.sandbox.requestCount('DEEPSET')).toBeLessThanOrEqual(MOST_CALLS);
  });

  it('answers a mutation beyond the budget with RATE_LIMITED as data, with when to retry', async () => {
    const refusedBefore = gw.budgets.DEEPSET.stats().refused.deadline;
    const answers = await Promise.all(Array.from({ length: 6 }, () => gw.query<any>(CREATE)));
    const results = answers.map((answer) => {
      expect(answer.errors).toBeUndefined();
      return answer.data!.createDeepsetUploadSession;
    });
    const refused = results.filter((result) => result.__typename !== 'CreateSessionSuccess');
    const rateLimited = refused.filter((result) => result.code === 'RATE_LIMITED');
    expect(rateLimited.length).toBeGreaterThanOrEqual(results.length - MOST_CALLS);
    // A create the budget refused, or a created session whose read-back it refused: RATE_LIMITED, with when to retry.
    for (const result of rateLimited) expect(result).toMatchObject({ __typename: 'UpstreamFailureError', retryAfterSeconds: expect.any(Number) });
    expect(gw.budgets.DEEPSET.stats().refused.deadline - refusedBefore).toBe(rateLimited.length);
    // Only a call admitted just inside its deadline may still time out upstream.
    for (const result of refused) expect(['RATE_LIMITED', 'UPSTREAM_TIMEOUT']).toContain(result.code);
    expect(gw.sandbox.requestCount('DEEPSET')).toBeLessThanOrEqual(MOST_CALLS);
  });
});
