import type { IncomingMessage, Server } from 'node:http';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { GraphQLServer } from '../gateway.js';
import { runInWebSocketOperation } from '../observability/use-request-id.js';

export interface GraphQLWebSockets {
  /** Open sockets, for shutdown and figures. */
  readonly clients: WebSocketServer['clients'];
  /** What the limits below refused since the start, for metrics. */
  refusals(): WebSocketRefusals;
  close(): Promise<void>;
}

export interface WebSocketRefusals {
  /** Subscribes answered SUBSCRIPTION_LIMIT_EXCEEDED. */
  subscriptionLimit: number;
  /** Sockets closed with 1009 for a message over `maxMessageBytes`. */
  messageTooLarge: number;
}

export interface WebSocketLimits {
  /** Largest message, bytes (MAX_REQUEST_BODY_BYTES): a larger one closes the socket with 1009 before it is read whole. */
  maxMessageBytes: number;
  /** Operations one socket may hold at once; the next subscribe gets SUBSCRIPTION_LIMIT_EXCEEDED. */
  maxSubscriptionsPerSocket: number;
}

type EnvelopedArgs = ExecutionArgs & { rootValue: { execute: (args: ExecutionArgs) => unknown; subscribe: (args: ExecutionArgs) => unknown } };

/** The upgrade request an operation's context carries (onSubscribe below puts it there). */
const requestOf = (args: ExecutionArgs) => (args.contextValue as { req?: IncomingMessage }).req;

/**
 * graphql-ws on the same path as HTTP and SSE. Operations go through yoga's envelop, so they get
 * the same context, validation, and error masking as every other transport.
 */
export function attachGraphqlWs(server: Server, graphqlServer: GraphQLServer, limits: WebSocketLimits): GraphQLWebSockets {
  // ws checks maxPayload against each frame's declared length, so an oversized message is refused unread and unparsed.
  const wss = new WebSocketServer({ server, path: graphqlServer.graphqlEndpoint, maxPayload: limits.maxMessageBytes });
  const refused: WebSocketRefusals = { subscriptionLimit: 0, messageTooLarge: 0 };
  const disposable = useServer(
    {
      // Each operation under a request id of its own, as every log line it causes shows.
      execute: (args) => runInWebSocketOperation(requestOf(args), () => (args as EnvelopedArgs).rootValue.execute(args)) as never,
      subscribe: (args) => runInWebSocketOperation(requestOf(args), () => (args as EnvelopedArgs).rootValue.subscribe(args)) as never,
      // Building a context runs client auth and reads the per-request provider keys, so a refused client is closed (4403) before any operation.
      onConnect: async (ctx) => {
        try {
          await graphqlServer.getEnveloped({ ...ctx, req: ctx.extra.request, socket: ctx.extra.socket }).contextFactory();
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        // graphql-ws has already entered this operation in ctx.subscriptions, so it counts itself.
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptionsPerSocket) {
          refused.subscriptionLimit += 1;
          return [subscriptionLimitExceeded(limits.maxSubscriptionsPerSocket)];
        }
        const { schema, execute, subscribe, contextFactory, parse, validate } = graphqlServer.getEnveloped({
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
        return {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        } satisfies EnvelopedArgs;
      },
    },
    wss,
  );
  // Every error ws emits on a socket is the client's (an oversized message, a protocol violation) and ws closes that socket
  // itself (1009, 1002). graphql-ws would print each one with its stack on stderr, which lets any client fill the logs.
  wss.on('connection', (socket) => {
    socket.removeAllListeners('error');
    socket.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') refused.messageTooLarge += 1;
    });
  });
  return {
    clients: wss.clients,
    refusals: () => ({ ...refused }),
    async close() {
      for (const socket of wss.clients) socket.close(1001, 'Going away');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function subscriptionLimitExceeded(limit: number): GraphQLError {
  return new GraphQLError(`A WebSocket may hold at most ${limit} operations at once; complete one before starting another`, {
    extensions: { code: 'SUBSCRIPTION_LIMIT_EXCEEDED', limit },
  });
}
