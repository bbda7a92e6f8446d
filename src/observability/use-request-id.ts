import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { withHotPath } from '../server/hot-path/hot-path-hooks.js';
import { requestIdFrom, runInRequest } from './request-context.js';

/** The header a request id is read from and echoed in. */
const HEADER = 'x-request-id';

function requestIdOf(req: IncomingMessage | undefined): string {
  const value = req?.headers?.[HEADER];
  return requestIdFrom(Array.isArray(value) ? value[0] : value);
}

/**
 * Runs one graphql-ws operation under the upgrade request's id, or a fresh one. graphql-ws
 * operations bypass yoga's HTTP handling, so src/server/graphql-ws.ts runs each in its scope
 * itself, rather than every operation on every transport going through an execute wrapper.
 */
export function runInWebSocketOperation<T>(req: IncomingMessage | undefined, operation: () => T): T {
  return runInRequest(requestIdOf(req), operation);
}

/**
 * Gives each request an id (the client's `x-request-id` when it sent a sane one) that every log
 * line carries and the response echoes: yoga's requests and the hot path's, each from its own
 * kind of request. graphql-ws operations: runInWebSocketOperation.
 */
export function useRequestId(): Plugin {
  const ids = new WeakMap<Request, string>();
  return withHotPath(
    {
      instrumentation: {
        request({ request }, wrapped) {
          const requestId = requestIdFrom(request.headers.get(HEADER));
          ids.set(request, requestId);
          return runInRequest(requestId, wrapped);
        },
      },
      onResponse({ request, response }) {
        const requestId = ids.get(request);
        if (requestId !== undefined) response.headers.set(HEADER, requestId);
      },
    },
    {
      request(req, serve) {
        const requestId = requestIdOf(req);
        return runInRequest(requestId, () =>
          serve().then((answer) => {
            answer.headers[HEADER] = requestId;
            return answer;
          }),
        );
      },
    },
  );
}
