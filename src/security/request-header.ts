import type { IncomingMessage } from 'node:http';

/** The parts of a yoga initial context (HTTP) or a graphql-ws context (WebSocket) that carry headers. */
interface HeaderCarrier {
  /** HTTP: the fetch Request. */
  request?: Request;
  /** graphql-ws: the `connection_init` payload. */
  connectionParams?: Readonly<Record<string, unknown>>;
  /** graphql-ws: the HTTP upgrade request. */
  req?: IncomingMessage;
}

/**
 * One header of the operation, wherever its protocol carries it: the HTTP request, or for a
 * WebSocket the `connection_init` payload (browsers cannot set headers on a WebSocket), then the
 * upgrade request. Names are matched case-insensitively.
 */
export function requestHeader(context: unknown, name: string): string | undefined {
  const { request, connectionParams, req } = (context ?? {}) as HeaderCarrier;
  if (request?.headers) return request.headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  if (connectionParams && typeof connectionParams === 'object') {
    for (const [key, value] of Object.entries(connectionParams)) {
      if (key.toLowerCase() === lower && typeof value === 'string') return value;
    }
  }
  const upgrade = req?.headers?.[lower];
  return Array.isArray(upgrade) ? upgrade[0] : upgrade;
}

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(context: unknown): string | undefined {
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(requestHeader(context, 'authorization') ?? '');
  return match?.[1];
}
