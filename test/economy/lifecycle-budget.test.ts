import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

// One deepset call per second, and a deadline far shorter than a window: a call that finds the
// window spent can't start in time, and must hear so at once, not when the deadline aborts it.
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ DEEPSET_MAX_RPS: '1', REQUEST_DEADLINE_MS: '200' });
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

/** No call can start after its operation's deadline (200 ms), so all of them fall in at most two one-second windows. */
const MOST_CALLS = 2;

describe('lifecycle calls under a spent budget', () => {
  it('answers a list beyond the budget RATE_LIMITED with retryAfterMs, and the provider sees no more than the budget', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => gw.query<any>(LIST)));
    const served = answers.filter((answer) => answer.errors === undefined);
    const refused = answers.filter((answer) => answer.errors !== undefined);
    expect(served.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeGreaterThanOrEqual(answers.length - MOST_CALLS);
    for (const answer of refused) {
      expect(answer.errors).toEqual([
        expect.objectContaining({
          path: ['deepsetUploadSessions'],
          extensions: expect.objectContaining({ code: 'RATE_LIMITED', provider: 'DEEPSET', retryAfterMs: expect.any(Number) }),
        }),
      ]);
    }
    expect(gw.sandbox.requestCount('DEEPSET')).toBe(served.length);
    expect(gw.sandbox.requestCount('DEEPSET')).toBeLessThanOrEqual(MOST_CALLS);
  });

  it('answers a mutation beyond the budget with RATE_LIMITED as data, with when to retry', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => gw.query<any>(CREATE)));
    const results = answers.map((answer) => {
      expect(answer.errors).toBeUndefined();
      return answer.data!.createDeepsetUploadSession;
    });
    const refused = results.filter((result) => result.__typename !== 'CreateSessionSuccess');
    expect(refused.length).toBeGreaterThanOrEqual(results.length - MOST_CALLS);
    for (const result of refused) {
      // A create the budget refused, or a created session whose read-back it refused: either way RATE_LIMITED, never a timeout.
      expect(result).toMatchObject({ __typename: 'UpstreamFailureError', code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    }
    expect(gw.sandbox.requestCount('DEEPSET')).toBeLessThanOrEqual(MOST_CALLS);
  });
});
