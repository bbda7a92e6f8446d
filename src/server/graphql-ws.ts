import type { Server } from 'node:http';
import type { ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Gateway } from '../gateway.js';

export interface WebSocketTransport {
  /** Open sockets, for shutdown and figures. */
  readonly clients: WebSocketServer['clients'];
  close(): Promise<void>;
}

type EnvelopedArgs = ExecutionArgs & { rootValue: { execute: (args: ExecutionArgs) => unknown; subscribe: (args: ExecutionArgs) => unknown } };

/**
 * graphql-ws on the same path as HTTP and SSE. Operations go through yoga's envelop, so they get
 * the same context, validation, and error masking as every other transport.
 */
export function attachGraphqlWs(server: Server, gateway: Gateway): WebSocketTransport {
  const wss = new WebSocketServer({ server, path: gateway.graphqlEndpoint });
  const disposable = useServer(
    {
      execute: (args) => (args as EnvelopedArgs).rootValue.execute(args) as never,
      subscribe: (args) => (args as EnvelopedArgs).rootValue.subscribe(args) as never,
      // Building a context runs client auth and reads the per-request provider keys, so a refused client is closed (4403) before any operation.
      onConnect: async (ctx) => {
        try {
          await gateway.getEnveloped({ ...ctx, req: ctx.extra.request, socket: ctx.extra.socket }).contextFactory();
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = gateway.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
        });
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as never];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        const args: EnvelopedArgs = {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        return args;
      },
    },
    wss,
  );
  return {
    clients: wss.clients,
    async close() {
      for (const socket of wss.clients) socket.close(1001, 'Going away');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
