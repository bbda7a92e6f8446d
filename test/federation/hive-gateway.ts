import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getComposedSchemaFromConfig, loadGraphQLHTTPSubgraph } from '@graphql-mesh/compose-cli';
import { DefaultLogger, LogLevel } from '@graphql-mesh/utils';
import { createGatewayRuntime, type GatewayConfigSupergraph } from '@graphql-hive/gateway';

/**
 * Composes the subgraphs as docs/federation.md's mesh.config.ts does, reading each one's
 * `_service { sdl }`. sessiongraph's gets the CSRF-prevention header on every operation: Hive
 * subscribes over SSE with a GET, which sessiongraph otherwise refuses as a possible CSRF.
 * `headers` adds to sessiongraph's: `schema` on the `_service` read while composing, `operation`
 * on what the gateway sends it (written into the supergraph, interpolated per request).
 */
export function composeSupergraph(
  { sessions, ...others }: { sessions: string } & Record<string, string>,
  headers: { schema?: Record<string, string>; operation?: Record<string, string> } = {},
): Promise<string> {
  return getComposedSchemaFromConfig(
    {
      subgraphs: [
        {
          sourceHandler: loadGraphQLHTTPSubgraph('sessions', {
            endpoint: sessions,
            federation: true,
            schemaHeaders: headers.schema,
            operationHeaders: { 'x-graphql-yoga-csrf': 'sessiongraph', ...headers.operation },
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
export async function startHiveGateway(supergraph: string, options: Pick<GatewayConfigSupergraph, 'propagateHeaders'> = {}): Promise<HiveGateway> {
  const runtime = createGatewayRuntime({ supergraph, logging: false, graphiql: false, landingPage: false, ...options });
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
