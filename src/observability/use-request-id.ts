import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { withHotPath } from '../server/hot-path/hot-path-hooks.js';
import { currentRequestId, requestIdFrom, runInRequest } from './request-context.js';

export interface RequestIdOptions {
  /**
   * Header the id is read from and echoed in, lower case.
   * @default 'x-request-id'
   */
  header?: string;
}

/**
 * Gives each request an id (the client's `x-request-id` when it sent a sane one) that every log
 * line carries and the response echoes. graphql-ws operations bypass yoga's HTTP handling, so
 * they take the upgrade request's header, or a fresh id each; the hot path, the node request's.
 */
export function useRequestId(options: RequestIdOptions = {}): Plugin {
  const header = options.header ?? 'x-request-id';
  const ids = new WeakMap<Request, string>();
  const orWebSocketScope = (context: object, wrapped: () => unknown) => {
    if (currentRequestId() !== undefined) return wrapped();
    return runInRequest(fromNode((context as { req?: IncomingMessage }).req), wrapped);
  };
  const fromNode = (req: IncomingMessage | undefined) => {
    const value = req?.headers?.[header];
    return requestIdFrom(Array.isArray(value) ? value[0] : value);
  };
  return withHotPath(
    {
    instrumentation: {
      request({ request }, wrapped) {
        const requestId = requestIdFrom(request.headers.get(header));
        ids.set(request, requestId);
        return runInRequest(requestId, wrapped);
      },
      execute: ({ context }, wrapped) => orWebSocketScope(context, wrapped) as ReturnType<typeof wrapped>,
      subscribe: ({ context }, wrapped) => orWebSocketScope(context, wrapped) as ReturnType<typeof wrapped>,
    },
    onResponse({ request, response }) {
      const requestId = ids.get(request);
      if (requestId !== undefined) response.headers.set(header, requestId);
    },
    },
    {
      request(req, serve) {
        const requestId = fromNode(req);
        return runInRequest(requestId, async () => {
          const answer = await serve();
          if (answer) answer.headers[header] = requestId;
          return answer;
        });
      },
    },
  );
}
