import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useRequestBodyLimit } from '../../src/server/use-request-body-limit.js';

const QUERY = JSON.stringify({ query: '{ ok }' });

/** A yoga with the limit at `maxBytes`, recording each request as it arrives and as its parser gets it. */
function limitedYoga(maxBytes: number) {
  const arrived: Request[] = [];
  const parsed: Request[] = [];
  const spy: Plugin = {
    onRequest: ({ request }) => void arrived.push(request),
    onRequestParse({ requestParser, setRequestParser }) {
      if (requestParser) setRequestParser((request) => (parsed.push(request), requestParser(request)));
    },
  };
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { ok: Boolean! }', resolvers: { Query: { ok: () => true } } }),
    maxRequestBodySize: false,
    logging: false,
    plugins: [spy, useRequestBodyLimit({ maxBytes })],
  });
  const send = async (body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) => {
    const response = await yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body,
      ...({ duplex: 'half' } as object),
    });
    return { status: response.status, body: await response.json() };
  };
  return { arrived, parsed, send };
}

const chunked = (...parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });

describe('useRequestBodyLimit', () => {
  it('hands a body with a Content-Length to the parser untouched: nothing is streamed through a counter', async () => {
    const yoga = limitedYoga(1_000);
    expect(await yoga.send(QUERY, { 'content-length': String(QUERY.length) })).toEqual({ status: 200, body: { data: { ok: true } } });
    expect(yoga.parsed).toHaveLength(1);
    expect(yoga.parsed[0]).toBe(yoga.arrived[0]);
  });

  it('refuses a declared length over the limit with 413 before any parser runs', async () => {
    const yoga = limitedYoga(10);
    expect(await yoga.send(QUERY, { 'content-length': String(QUERY.length) })).toMatchObject({
      status: 413,
      body: { errors: [{ message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] },
    });
    expect(yoga.parsed).toHaveLength(0);
  });

  it('refuses a malformed Content-Length with 400, as yoga does', async () => {
    const yoga = limitedYoga(1_000);
    expect(await yoga.send(QUERY, { 'content-length': `${QUERY.length}, ${QUERY.length}` })).toMatchObject({
      status: 400,
      body: { errors: [{ message: 'Content-Length header is invalid.', extensions: { code: 'BAD_REQUEST' } }] },
    });
  });

  it('counts a chunked body as it streams: it passes under the limit and is refused with 413 past it', async () => {
    const under = limitedYoga(1_000);
    expect(await under.send(chunked(QUERY.slice(0, 5), QUERY.slice(5)))).toEqual({ status: 200, body: { data: { ok: true } } });
    expect(under.parsed[0]).not.toBe(under.arrived[0]);

    const over = limitedYoga(20);
    expect(await over.send(chunked(QUERY, ' '.repeat(30)))).toMatchObject({ status: 413, body: { errors: [{ extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] } });
  });
});
