import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, print, type DocumentNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { composeSupergraph, startHiveGateway, type HiveGateway } from './hive-gateway.js';
import { serveSubgraph, type JobsSubgraph } from './jobs-subgraph.js';

/**
 * Other subgraphs adding fields to sessions, the two ways docs/federation.md ("Directives") says
 * they can: to one provider's type by declaring it an entity with fields of its own, and to every
 * session through `Session @interfaceObject`. They resolve them from the id alone. Each way has a
 * supergraph of its own: with both at once, Hive Gateway 2.15 loses the @interfaceObject field on
 * the extended type (null, or an internal error; the docs say so).
 */
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@interfaceObject"])';
const PING_EGRESS = 'type PingVpnSession @key(fields: "id") { id: ID! egressNote: String }';
const SESSION_LABEL = 'type Session @key(fields: "id") @interfaceObject { id: ID! label: String }';

const label = (id: string) => `label of ${Buffer.from(id, 'base64').toString()}`;
const RESOLVERS = {
  PingVpnSession: { __resolveReference: (ref: { id: string }) => ref, egressNote: () => 'via eu-west' },
  Session: { __resolveReference: (ref: { id: string }) => ref, label: (ref: { id: string }) => label(ref.id) },
};

type Subgraph = JobsSubgraph;

/** `name` names its one root field: two subgraphs may not both resolve `Query.version` (not @shareable). */
async function startSubgraph(name: string, ...types: string[]): Promise<Subgraph> {
  const typeDefs: DocumentNode = parse([LINK, `type Query { ${name}: Int }`, ...types].join('\n'));
  const used = Object.fromEntries(Object.entries(RESOLVERS).filter(([type]) => types.some((t) => t.startsWith(`type ${type} `))));
  // The SDL as written (see jobs-subgraph.ts for why).
  const schema = buildSubgraphSchema([{ typeDefs, resolvers: { Query: { [name]: () => 1, _service: () => ({ sdl: print(typeDefs) }) }, ...used } }]);
  return serveSubgraph(schema);
}

const IDS = [gid(DEMO.pingMoving), gid(DEMO.kadoaCrawling)];

let sessions: TestGateway;
const closing: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  sessions = await startTestGateway();
});
afterAll(async () => {
  for (const each of closing.reverse()) await each.close();
  await sessions?.close();
});

async function supergraphWith(subgraphs: Record<string, Subgraph>): Promise<HiveGateway> {
  closing.push(...Object.values(subgraphs));
  const hive = await startHiveGateway(await composeSupergraph({ sessions: `${sessions.url}/graphql`, ...Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, s.url])) }));
  closing.push(hive);
  return hive;
}

async function throughHive(hive: HiveGateway, query: string): Promise<unknown> {
  const response = await fetch(`${hive.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables: { ids: IDS } }),
  });
  return response.json();
}

/** sessiongraph's own fields for IDS, to add the other subgraphs' fields to. */
async function direct(): Promise<[any, any]> {
  const result = await sessions.query<{ sessions: [any, any] }>('query ($ids: [ID!]!) { sessions(ids: $ids) { id state ... on PingVpnSession { clientId } } }', { ids: IDS });
  return result.data!.sessions;
}

describe('other subgraphs adding fields to sessions', () => {
  it('resolves a field another subgraph adds to one provider type, on that type only', async () => {
    const hive = await supergraphWith({ egress: await startSubgraph('egress', PING_EGRESS) });
    const [ping, kadoa] = await direct();
    expect(await throughHive(hive, 'query ($ids: [ID!]!) { sessions(ids: $ids) { id state ... on PingVpnSession { clientId egressNote } } }')).toEqual({
      data: { sessions: [{ ...ping, egressNote: 'via eu-west' }, kadoa] },
    });
  });

  it('resolves a field another subgraph adds to every session through Session @interfaceObject', async () => {
    const hive = await supergraphWith({ labels: await startSubgraph('labels', SESSION_LABEL) });
    const [ping, kadoa] = await direct();
    expect(await throughHive(hive, 'query ($ids: [ID!]!) { sessions(ids: $ids) { id state label ... on PingVpnSession { clientId } } }')).toEqual({
      data: { sessions: [{ ...ping, label: label(ping.id) }, { ...kadoa, label: label(kadoa.id) }] },
    });
  });
});
