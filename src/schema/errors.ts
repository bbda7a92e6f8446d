import { GraphQLError } from 'graphql';
import { builder } from '../builder.js';
import { providerName, type Provider } from '../upstreams/provider.js';
import { UPSTREAM_ERROR_CODES, UpstreamError, type UpstreamErrorCode } from '../upstreams/upstream-error.js';
import { SessionProviderEnum } from './enums.js';

export type ErrorCode = UpstreamErrorCode | 'CLOSE_NOT_SUPPORTED';

/** Expected failures. Mutations return them as data; queries raise them as GraphQL errors with the same code. */
export class SessionError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly provider: Provider | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}
/** The session does not exist upstream (or not in that workspace). */
export class NotFoundError extends SessionError {}
/** deepset answered 409: the session was closed before. */
export class AlreadyClosedError extends SessionError {}
/** The provider's contract has no close endpoint. */
export class CloseNotSupportedError extends SessionError {}
/** An id or argument failed validation; nothing was sent upstream. */
export class InvalidInputError extends SessionError {}
/** The upstream refused the credential, rate-limited us, timed out, was down or broke its contract. */
export class UpstreamFailureError extends SessionError {}

export function invalidInput(message: string, provider: Provider | null = null): InvalidInputError {
  return new InvalidInputError('INVALID_INPUT', message, provider);
}

export function closeNotSupported(provider: Provider): CloseNotSupportedError {
  return new CloseNotSupportedError('CLOSE_NOT_SUPPORTED', `${providerName(provider)} sessions cannot be closed: its API has no close endpoint`, provider);
}

/** Sorts an upstream outcome into the error type a client can switch on. */
export function sessionErrorFrom(error: UpstreamError): SessionError {
  const Type =
    error.code === 'NOT_FOUND'
      ? NotFoundError
      : error.code === 'ALREADY_CLOSED'
        ? AlreadyClosedError
        : error.code === 'INVALID_INPUT'
          ? InvalidInputError
          : UpstreamFailureError;
  return new Type(error.code, error.message, error.provider, error.retryAfterMs ?? null);
}

/**
 * What a client sees of a failure raised in a query or subscription: our message and code, the
 * provider, and the upstream status. The key is not `http`, because yoga would take
 * `extensions.http.status` as the status of the whole response.
 */
export function toGraphQLError(error: SessionError | UpstreamError, base?: GraphQLError): GraphQLError {
  const extensions: Record<string, unknown> = { code: error.code };
  if (error.provider) extensions.provider = error.provider;
  if (error instanceof UpstreamError && error.status !== undefined) extensions.upstreamStatus = error.status;
  if (error.retryAfterMs != null) extensions.retryAfterMs = error.retryAfterMs;
  return new GraphQLError(error.message, {
    nodes: base?.nodes,
    source: base?.source,
    positions: base?.positions,
    path: base?.path,
    extensions,
  });
}

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'Stable, machine-readable error codes. Also used in `extensions.code` of GraphQL errors.',
  values: [...UPSTREAM_ERROR_CODES, 'CLOSE_NOT_SUPPORTED'] as const,
});

export const ErrorInterface = builder.interfaceRef<SessionError>('Error').implement({
  description: 'Every expected failure returned as data has a stable code and a message safe to show.',
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (e) => e.code }),
    message: t.exposeString('message'),
    provider: t.field({ type: SessionProviderEnum, nullable: true, resolve: (e) => e.provider }),
  }),
});

const ERROR_TYPES = [
  [NotFoundError, 'NotFoundError', 'The session does not exist upstream.'],
  [AlreadyClosedError, 'AlreadyClosedError', 'The session was already closed.'],
  [CloseNotSupportedError, 'CloseNotSupportedError', "The session's provider has no close endpoint."],
  [InvalidInputError, 'InvalidInputError', 'An id or argument is malformed; nothing was sent upstream.'],
  [UpstreamFailureError, 'UpstreamFailureError', 'The upstream failed: unauthenticated, forbidden, rate limited, down, slow, or off-contract.'],
] as const;

for (const [ErrorClass, name, description] of ERROR_TYPES) {
  builder.objectType(ErrorClass, {
    name,
    description,
    interfaces: [ErrorInterface],
    isTypeOf: (value) => value instanceof ErrorClass,
    fields: () => ({}),
  });
}

builder.objectField(UpstreamFailureError, 'retryAfterSeconds', (t) =>
  t.int({
    nullable: true,
    description: 'When the upstream said how long to wait (Retry-After).',
    resolve: (e) => (e.retryAfterMs == null ? null : Math.ceil(e.retryAfterMs / 1000)),
  }),
);

export const CLOSE_SESSION_ERRORS = ERROR_TYPES.map(([ErrorClass]) => ErrorClass);
