import { GraphQLError } from 'graphql';
import { builder } from '../builder.js';
import { UPSTREAM_ERROR_CODES, UpstreamError, type UpstreamErrorCode } from '../upstreams/upstream-error.js';
import type { AnySession } from '../upstreams/upstreams.js';
import { SessionProviderEnum } from './enums.js';
import { SessionInterface } from './session.js';

const ERROR_TYPES = {
  NotFoundError: 'The session does not exist upstream.',
  AlreadyClosedError: 'The session was already closed.',
  CloseNotSupportedError: "The session's provider has no close endpoint.",
  InvalidInputError: 'An id or argument is malformed; nothing was sent upstream.',
  PlanRequiredError: "The account's plan does not allow this (deepset answered 402).",
  OpenSessionLimitError: 'Too many sessions are open already (deepset answered 406: at most 10 open upload sessions per user). Close one first.',
  PauseNotSupportedError: "The session's provider has no pause or resume endpoint; nothing was sent.",
  UpstreamFailureError: 'The upstream failed: unauthenticated, forbidden, rate limited, down, slow, or off-contract.',
} as const;

type ErrorTypeName = keyof typeof ERROR_TYPES;

/** The one place a failure's GraphQL error type is chosen: by its code. */
const ERROR_TYPE_BY_CODE: Record<UpstreamErrorCode, ErrorTypeName> = {
  NOT_FOUND: 'NotFoundError',
  ALREADY_CLOSED: 'AlreadyClosedError',
  CLOSE_NOT_SUPPORTED: 'CloseNotSupportedError',
  INVALID_INPUT: 'InvalidInputError',
  UNAUTHENTICATED: 'UpstreamFailureError',
  FORBIDDEN: 'UpstreamFailureError',
  RATE_LIMITED: 'UpstreamFailureError',
  UPSTREAM_UNAVAILABLE: 'UpstreamFailureError',
  UPSTREAM_TIMEOUT: 'UpstreamFailureError',
  UPSTREAM_BAD_RESPONSE: 'UpstreamFailureError',
  PLAN_REQUIRED: 'PlanRequiredError',
  OPEN_SESSION_LIMIT: 'OpenSessionLimitError',
  PAUSE_NOT_SUPPORTED: 'PauseNotSupportedError',
};

/** A failure returned as data. It travels wrapped, because graphql-js raises an Error a resolver returns. */
export interface FailureData {
  failure: UpstreamError;
}

/** The GraphQL type of a failure returned as data. */
export function errorTypeName({ failure }: FailureData): ErrorTypeName {
  return ERROR_TYPE_BY_CODE[failure.code];
}

function isFailureData(value: unknown): value is FailureData {
  return typeof value === 'object' && value !== null && (value as Partial<FailureData>).failure instanceof UpstreamError;
}

/**
 * What a client sees of a failure raised in a query or subscription: our message and code, the
 * provider, and the upstream status. The key is not `http`, because yoga would take
 * `extensions.http.status` as the status of the whole response.
 */
export function toGraphQLError(error: UpstreamError, base?: GraphQLError): GraphQLError {
  const extensions: Record<string, unknown> = { code: error.code };
  if (error.provider) extensions.provider = error.provider;
  if (error.upstreamStatus !== undefined) extensions.upstreamStatus = error.upstreamStatus;
  if (error.retryAfterMs !== undefined) extensions.retryAfterMs = error.retryAfterMs;
  return new GraphQLError(error.message, {
    nodes: base?.nodes,
    source: base?.source,
    positions: base?.positions,
    path: base?.path,
    extensions,
  });
}

/**
 * Codes the gateway itself answers with, only ever in `extensions.code` of a subscription's error
 * (never as data), listed in the enum so a client's generated types know every code it can get.
 */
const GATEWAY_LIMIT_CODES = {
  WATCH_LIMIT_EXCEEDED: {
    description:
      'A subscription would take its client over MAX_WATCHED_SESSIONS_PER_CLIENT sessions watched at once; refused at subscribe time, with `limit`, `watching` and `requested` in `extensions`.',
  },
  SUBSCRIPTION_LIMIT_EXCEEDED: {
    description: 'A graphql-ws socket already holds MAX_SUBSCRIPTIONS_PER_SOCKET operations; the subscribe is refused (with `limit` in `extensions`) and the socket stays open.',
  },
} as const;

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'Stable, machine-readable error codes. Also used in `extensions.code` of GraphQL errors.',
  values: { ...Object.fromEntries(UPSTREAM_ERROR_CODES.map((code) => [code, {}])), ...GATEWAY_LIMIT_CODES } as Record<UpstreamErrorCode | keyof typeof GATEWAY_LIMIT_CODES, { description?: string }>,
});

export const ErrorInterface = builder.interfaceRef<FailureData>('Error').implement({
  description: 'Every expected failure returned as data has a stable code and a message safe to show.',
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (e) => e.failure.code }),
    message: t.string({ resolve: (e) => e.failure.message }),
    provider: t.field({ type: SessionProviderEnum, nullable: true, resolve: (e) => e.failure.provider }),
  }),
});

const errorType = (name: ErrorTypeName) =>
  builder.objectRef<FailureData>(name).implement({
    description: ERROR_TYPES[name],
    interfaces: [ErrorInterface],
    isTypeOf: (value) => isFailureData(value) && errorTypeName(value) === name,
    fields: () => ({}),
  });

/** Every error type by name, for a field that returns failures as data. */
const ERROR_OBJECT_TYPES = Object.fromEntries((Object.keys(ERROR_TYPES) as ErrorTypeName[]).map((name) => [name, errorType(name)])) as Record<ErrorTypeName, ReturnType<typeof errorType>>;

builder.objectField(ERROR_OBJECT_TYPES.UpstreamFailureError, 'retryAfterSeconds', (t) =>
  t.int({
    nullable: true,
    description: 'When the upstream said how long to wait (Retry-After).',
    resolve: ({ failure }) => (failure.retryAfterMs === undefined ? null : Math.ceil(failure.retryAfterMs / 1000)),
  }),
);

/** `<name>Result`: a mutation's `<name>Success { session }`, or any of the error types. */
export function sessionResultType(name: string, description?: string) {
  const success = `${name}Success`;
  const Success = builder.objectRef<{ session: AnySession }>(success).implement({
    description,
    fields: (t) => ({ session: t.field({ type: SessionInterface, resolve: (result) => result.session }) }),
  });
  return builder.unionType(`${name}Result`, {
    types: [...Object.values(ERROR_OBJECT_TYPES), Success],
    resolveType: (value) => ('failure' in value ? errorTypeName(value) : success),
  });
}

/** Runs a mutation: every expected failure becomes data, input problems thrown before any call too; anything else is thrown and masked. */
export async function sessionOrFailure(mutate: () => Promise<AnySession>): Promise<{ session: AnySession } | FailureData> {
  try {
    return { session: await mutate() };
  } catch (error) {
    if (error instanceof UpstreamError) return { failure: error };
    throw error;
  }
}
