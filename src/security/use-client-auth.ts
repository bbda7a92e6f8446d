import { randomBytes } from 'node:crypto';
import { createInlineSigningKeyProvider, createRemoteJwksSigningKeyProvider, useJWT, type GetSigningKeyFunction, type JWTExtendContextFields } from '@graphql-yoga/plugin-jwt';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { withHotPath } from '../server/hot-path/hot-path-hooks.js';
import { createApiKeyCheck } from './api-keys.js';
import type { JwtSettings, SecuritySettings } from './security-settings.js';
import { bearerToken } from './request-header.js';

/** Never says which check failed or echoes what was sent. */
function unauthenticated() {
  return createGraphQLError('Unauthenticated: send Authorization: Bearer <API key or JWT>', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
  });
}

/** A key nothing can verify against, handed to the JWT plugin instead of an error it would turn into a 500. */
const UNUSABLE_KEY = randomBytes(32).toString('hex');

function neverThrows(provider: GetSigningKeyFunction): GetSigningKeyFunction {
  return async (kid) => {
    try {
      return (await provider(kid)) || UNUSABLE_KEY;
    } catch {
      return UNUSABLE_KEY;
    }
  };
}

function signingKey(jwt: JwtSettings): GetSigningKeyFunction {
  if (jwt.secret !== null) return createInlineSigningKeyProvider(jwt.secret);
  return createRemoteJwksSigningKeyProvider({ jwksUri: jwt.jwksUrl!, cache: true, rateLimit: true, jwksRequestsPerMinute: 10, timeout: 5_000 });
}

/**
 * Client authentication for every protocol. HTTP (queries, mutations, SSE) is refused with 401
 * before the body is even parsed; a graphql-ws operation when its context is built, which the
 * WebSocket server also does on `connection_init` to refuse the connection itself. With
 * neither keys nor JWT configured it is not installed at all. JWTs come in the same header as
 * API keys, are verified by @graphql-yoga/plugin-jwt, and must carry `exp`.
 */
export function useClientAuth({ apiKeys, jwt }: Pick<SecuritySettings, 'apiKeys' | 'jwt'>): Plugin {
  const isApiKey = createApiKeyCheck(apiKeys);
  const authenticated = (context: unknown, verified: JWTExtendContextFields | undefined): boolean =>
    isApiKey(bearerToken(context)) || typeof verified?.payload.exp === 'number';

  return withHotPath({
    onPluginInit({ addPlugin }) {
      if (jwt) {
        addPlugin(
          useJWT({
            signingKeyProviders: [neverThrows(signingKey(jwt))],
            // An API key is not a JWT: handing it over would only log a failed decode.
            tokenLookupLocations: [
              ({ request, serverContext }) => {
                const token = bearerToken(request ? { request } : serverContext);
                return token === undefined || isApiKey(token) ? undefined : { token, prefix: 'Bearer' };
              },
            ],
            tokenVerification: {
              algorithms: jwt.secret !== null ? ['HS256'] : ['RS256', 'ES256'],
              ...(jwt.issuer !== null ? { issuer: jwt.issuer } : {}),
              ...(jwt.audience !== null ? { audience: jwt.audience } : {}),
            },
            // This plugin decides; the JWT plugin only verifies and attaches the payload.
            reject: { missingToken: false, invalidToken: false },
            extendContext: 'jwt',
          }),
        );
      }
      addPlugin({
        onRequestParse({ request, serverContext }) {
          if (!authenticated({ request }, (serverContext as { jwt?: JWTExtendContextFields }).jwt)) throw unauthenticated();
        },
        onContextBuilding({ context }) {
          const carrier = context as { request?: Request; jwt?: JWTExtendContextFields };
          // An HTTP request was checked in onRequestParse.
          if (!carrier.request && !authenticated(context, carrier.jwt)) throw unauthenticated();
        },
      });
    },
  }, {
    // A request with a client API key passes every check above, the JWT plugin included; anything else is yoga's to refuse or verify.
    accepts: (req) => isApiKey(bearerToken({ req })),
  });
}
