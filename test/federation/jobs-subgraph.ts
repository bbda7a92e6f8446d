import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, print, type GraphQLSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';

export interface UploadJob {
  id: string;
  name: string;
  /** Global id of the session the job feeds; sessiongraph resolves it. */
  sessionId: string;
}

/**
 * A second subgraph as a team with a supergraph would write it: its own type, pointing at
 * sessions by global id through `Session @interfaceObject` (Federation 2.3), so it needs to know
 * nothing about the providers, and at one provider's type directly. Its `_service` serves the SDL
 * as written: @apollo/subgraph 2.15 appends `extend type Query { _entities _service }`, after which
 * mesh-compose 1.8 loses the subgraph's own Query fields.
 */
const TYPE_DEFS = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@interfaceObject"])

  type Query {
    uploadJobs: [UploadJob!]!
  }

  type UploadJob @key(fields: "id") {
    id: ID!
    name: String!
    session: Session
    "The same session as a concrete type, for jobs that run over a Ping VPN."
    vpnSession: PingVpnSession
  }

  type PingVpnSession @key(fields: "id", resolvable: false) {
    id: ID!
  }

  type Session @key(fields: "id") @interfaceObject {
    id: ID!
  }
`);

export interface JobsSubgraph {
  url: string;
  close(): Promise<void>;
}

export async function startJobsSubgraph(jobs: readonly UploadJob[]): Promise<JobsSubgraph> {
  const schema = buildSubgraphSchema([
    {
      typeDefs: TYPE_DEFS,
    resolvers: {
      Query: { uploadJobs: () => jobs, _service: () => ({ sdl: print(TYPE_DEFS) }) },
      UploadJob: {
        __resolveReference: (ref: { id: string }) => jobs.find((job) => job.id === ref.id) ?? null,
        session: (job: UploadJob) => ({ id: job.sessionId }),
        vpnSession: (job: UploadJob) => (Buffer.from(job.sessionId, 'base64').toString().startsWith('PingVpnSession:') ? { id: job.sessionId } : null),
      },
      Session: { __resolveReference: (ref: { id: string }) => ref },
    },
    },
  ]);
  return serveSubgraph(schema);
}

/** Serves a subgraph's schema with yoga on a free loopback port, errors unmasked for the tests to read. */
export async function serveSubgraph(schema: GraphQLSchema): Promise<JobsSubgraph> {
  const server = createServer(createYoga({ schema, logging: false, maskedErrors: false }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
