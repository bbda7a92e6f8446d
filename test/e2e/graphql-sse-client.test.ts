import { createClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ POLL_INTERVAL_MS: '100' });
});
afterAll(() => gw.close());

// The README's "From a frontend" client, against a default gateway: the operation goes as text.
describe('graphql-sse’s client, as the README shows it', () => {
  it('streams a subscription on a typed id until the session ends, and runs a query', async () => {
    const client = createClient({ url: `${gw.url}/graphql` });
    try {
      const watch = client.iterate<{ sessionUpdated: { state: string; crawledPages?: number | null } }>({
        query: 'subscription ($id: ID!) { sessionUpdated(id: $id) { state ... on KadoaCrawlSession { crawledPages } } }',
        variables: { id: 'kadoa:crawl-demo-1' },
      });
      const seen: unknown[] = [];
      for await (const { data, errors } of watch) {
        expect(errors).toBeUndefined();
        seen.push(data!.sessionUpdated);
        // Each tick crawls one more page, until the eighth finishes the crawl and the stream.
        gw.sandbox.tick();
      }
      expect(seen).toEqual([
        ...Array.from({ length: 8 }, (_, pages) => ({ state: 'PROCESSING', crawledPages: pages })),
        { state: 'COMPLETED', crawledPages: 8 },
      ]);
      const results = [];
      for await (const result of client.iterate({ query: '{ session(id: "ping:vpn-demo-2") { state } }' })) results.push(result);
      expect(results).toEqual([{ data: { session: { state: 'INACTIVE' } } }]);
    } finally {
      client.dispose();
    }
  });
});
