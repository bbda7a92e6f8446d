import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeSse, subscribeWs } from '../support/subscription-clients.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const BY_LITERAL = '{ paradigmUploadSession(uuid: "not-a-uuid") { id } }';
const BY_VARIABLE = 'query ($u: UUID!) { paradigmUploadSession(uuid: $u) { id } }';
const SUBSCRIPTION = 'subscription ($id: ID!) { sessionUpdated(id: $id) { id } }';

const invalidInput = (message: string, column: number) => ({ errors: [{ message, locations: [{ line: 1, column }], extensions: { code: 'INVALID_INPUT' } }] });

// Both paths: the node-http hot path and yoga alone must answer the same.
describe.each([
  ['the hot path', {}],
  ['yoga alone', { HOT_PATH: '0' }],
])('a bad scalar value, through %s', (_name, env) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(env);
  });
  afterAll(() => gw.close());

  it('is INVALID_INPUT with 400 as a literal, where graphql-js reports it while validating', async () => {
    expect(await gw.post({ query: BY_LITERAL })).toMatchObject({ status: 400, body: invalidInput('Value is not a valid UUID: not-a-uuid', 31) });
    expect(await gw.post({ query: '{ pingVpnSession(id: 7) { id } }' })).toMatchObject({ status: 400, body: invalidInput('String cannot represent a non string value: 7', 22) });
  });

  it('is INVALID_INPUT with 400 as a variable, where graphql-js reports it while coercing', async () => {
    expect(await gw.post({ query: BY_VARIABLE, variables: { u: 'not-a-uuid' } })).toEqual({
      status: 400,
      contentType: expect.stringContaining('application/graphql-response+json'),
      body: invalidInput('Variable "$u" got invalid value "not-a-uuid"; Value is not a valid UUID: not-a-uuid', 8),
    });
    expect(await gw.post({ query: BY_VARIABLE, variables: {} })).toMatchObject({ status: 400, body: invalidInput('Variable "$u" of required type "UUID!" was not provided.', 8) });
    expect(await gw.post({ query: 'query ($id: ID!) { session(id: $id) { id } }', variables: { id: { a: 1 } } })).toMatchObject({
      status: 400,
      body: invalidInput('Variable "$id" got invalid value { a: 1 }; ID cannot represent value: { a: 1 }', 8),
    });
  });

  it('is answered 200 to a client that accepts only application/json, as GraphQL over HTTP asks', async () => {
    expect(await gw.post({ query: BY_VARIABLE, variables: { u: 'x' } }, { accept: 'application/json' })).toMatchObject({ status: 200, body: { errors: [{ extensions: { code: 'INVALID_INPUT' } }] } });
    expect(await gw.post({ query: BY_LITERAL }, { accept: 'application/json' })).toMatchObject({ status: 200, body: { errors: [{ extensions: { code: 'INVALID_INPUT' } }] } });
  });

  it('leaves other validation errors as they were', async () => {
    expect(await gw.post({ query: '{ paradigmUploadSession(uuid: "a0000000-0000-4000-8000-000000000001") { nope } }' })).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
    });
  });

  it('is INVALID_INPUT on a graphql-ws subscription too, literal or variable', async () => {
    const byVariable = subscribeWs(gw.url, SUBSCRIPTION, { id: ['x'] });
    expect(await byVariable.next()).toMatchObject(invalidInput('Variable "$id" got invalid value ["x"]; ID cannot represent value: ["x"]', 15));
    await byVariable.close();
    const byLiteral = subscribeWs(gw.url, 'subscription { sessionUpdated(id: {a: 1}) { id } }');
    expect(await byLiteral.next()).toMatchObject(invalidInput('ID cannot represent a non-string and non-integer value: {a: 1}', 35));
    await byLiteral.close();
  });

  it('is INVALID_INPUT on an SSE subscription too', async () => {
    const stream = await subscribeSse(gw.url, SUBSCRIPTION, { id: ['x'] });
    expect(await stream.next()).toMatchObject(invalidInput('Variable "$id" got invalid value ["x"]; ID cannot represent value: ["x"]', 15));
    await stream.close();
  });
});
