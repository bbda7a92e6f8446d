import type { IncomingMessage } from 'node:http';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

type CorsOptions = { origin: string; methods: string[]; credentials: boolean; maxAge: number } | false;

/**
 * CORS for the origins configured in CORS_ORIGINS, and for no other. yoga's default reflects any
 * origin with credentials, so any web page a user opens could read this gateway and run
 * closeSession through the user's browser: CSRF prevention alone does not stop a preflighted
 * request. `*` allows every origin, without credentials (clients send bearer tokens, not cookies).
 */
export function corsFor(allowedOrigins: readonly string[]): (request: Request) => CorsOptions {
  const anyOrigin = allowedOrigins.includes('*');
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !(anyOrigin || allowedOrigins.includes(origin))) return false;
    return { origin, methods: ['GET', 'POST'], credentials: false, maxAge: 600 };
  };
}

/**
 * Browsers apply no CORS to WebSockets, so any page could open one to this gateway
 * (cross-site WebSocket hijacking). A graphql-ws connection whose upgrade carries an `Origin`
 * that is neither this host nor an allowed origin is refused when its context is built, which
 * closes it at `connection_init`. Clients that are not browsers send no `Origin` and pass.
 */
export function useWebSocketOriginCheck(allowedOrigins: readonly string[]): Plugin {
  const anyOrigin = allowedOrigins.includes('*');
  return {
    onContextBuilding({ context }) {
      const { request, req } = context as { request?: Request; req?: IncomingMessage };
      const origin = req?.headers.origin;
      if (request || origin === undefined || anyOrigin || allowedOrigins.includes(origin)) return;
      let sameHost = false;
      try {
        sameHost = new URL(origin).host === req?.headers.host;
      } catch {
        sameHost = false;
      }
      if (!sameHost) throw createGraphQLError('This origin may not open a WebSocket to the gateway', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
    },
  };
}
