import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getComposedSchemaFromConfig, loadGraphQLHTTPSubgraph } from '@graphql-mesh/compose-cli';
import { DefaultLogger, LogLevel } from '@graphql-mesh/utils';
import { createGatewayRuntime } from '@graphql-hive/gateway';

/**
 * Composes the subgraphs as docs/federation.md's mesh.config.ts does, reading each one's
 * `_service { sdl }`. sessiongraph's gets the CSRF-prevention header on every operation: Hive
 * subscribes over SSE with a GET, which sessiongraph otherwise refuses as a possible CSRF.
 */
export function composeSupergraph({ sessions, ...others }: { sessions: string } & Record<string, string>): Promise<string> {
  return getComposedSchemaFromConfig(
    {
      subgraphs: [
        {
          sourceHandler: loadGraphQLHTTPSubgraph('sessions', {
            endpoint: sessions,
            federation: true,
            operationHeaders: { 'x-graphql-yoga-csrf': 'sessiongraph' },
          }),
        },
        ...Object.entries(others).map(([name, endpoint]) => ({ sourceHandler: loadGraphQLHTTPSubgraph(name, { endpoint, federation: true }) })),
      ],
    },
    new DefaultLogger('compose', LogLevel.silent),
  );
}

export interface HiveGateway {
  url: string;
  close(): Promise<void>;
}

/** Hive Gateway in this process, on a loopback port, planning over the composed supergraph. */
export async function startHiveGateway(supergraph: string): Promise<HiveGateway> {
  const runtime = createGatewayRuntime({ supergraph, logging: false, graphiql: false, landingPage: false });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      await runtime.dispose();
    },
  };
}
