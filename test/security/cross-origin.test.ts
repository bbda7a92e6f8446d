import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const APP = 'https://app.example.com';
const EVIL = 'https://evil.example';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ CORS_ORIGINS: APP });
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

const preflight = async (origin: string) => {
  const response = await fetch(`${gw.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization, x-sessiongraph-kadoa-key' },
  });
  return Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')));
};

/** A browser-like graphql-ws client: the upgrade request carries `origin` when given. */
function overWebSocket(origin?: string): Promise<unknown> {
  class BrowserLikeWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, origin ? { origin } : {});
    }
  }
  return new Promise((resolve) => {
    const client = createClient({
      url: `${gw.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: BrowserLikeWebSocket,
      retryAttempts: 0,
      on: { closed: (event) => resolve({ closed: (event as { code: number }).code }) },
    });
    client.subscribe(
      { query: 'mutation ($id: ID!) { closeSession(id: $id) { __typename } }', variables: { id: gid(DEMO.deepsetOpen) } },
      {
        next: (value) => {
          resolve(value);
          void client.dispose();
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
  });
}

describe('cross-origin browsers', () => {
  it('get no CORS grant from a page on another origin, so their browser never sends the request', async () => {
    expect(await preflight(EVIL)).toEqual({});
  });

  it('get one, without credentials, from a configured origin', async () => {
    expect(await preflight(APP)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'content-type, authorization, x-sessiongraph-kadoa-key',
      'access-control-max-age': '600',
    });
  });

  it('cannot open a WebSocket from another origin (cross-site WebSocket hijacking): closed with 4403, nothing closed upstream', async () => {
    expect(await overWebSocket(EVIL)).toEqual({ closed: 4403 });
    expect(gw.sandbox.requests).toHaveLength(0);
  });

  it('can from the same host, from a configured origin, or without a browser', async () => {
    const sameHost = gw.url;
    for (const origin of [sameHost, APP, undefined]) {
      gw.sandbox.reset();
      expect(await overWebSocket(origin)).toEqual({ data: { closeSession: { __typename: 'CloseSessionSuccess' } } });
    }
  });
});
