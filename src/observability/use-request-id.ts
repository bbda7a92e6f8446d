import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
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
 * they take the upgrade request's header, or a fresh id each.
 */
export function useRequestId(options: RequestIdOptions = {}): Plugin {
  const header = options.header ?? 'x-request-id';
  const ids = new WeakMap<Request, string>();
  const orWebSocketScope = (context: object, wrapped: () => unknown) => {
    if (currentRequestId() !== undefined) return wrapped();
    const upgradeHeader = (context as { req?: IncomingMessage }).req?.headers?.[header];
    return runInRequest(requestIdFrom(Array.isArray(upgradeHeader) ? upgradeHeader[0] : upgradeHeader), wrapped);
  };
  return {
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
  };
}
