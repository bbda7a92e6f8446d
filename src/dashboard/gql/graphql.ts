/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type DeepsetSessionStatus =
  | 'CLOSED'
  | 'EXPIRED'
  | 'OPEN';

/** Stable, machine-readable error codes. Also used in `extensions.code` of GraphQL errors. */
export type ErrorCode =
  | 'ALREADY_CLOSED'
  | 'CLOSE_NOT_SUPPORTED'
  | 'FORBIDDEN'
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'OPEN_SESSION_LIMIT'
  | 'PAUSE_NOT_SUPPORTED'
  | 'PLAN_REQUIRED'
  | 'RATE_LIMITED'
  | 'UNAUTHENTICATED'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE';

/** The upstream platform a session lives on. */
export type SessionProvider =
  | 'DEEPSET'
  | 'KADOA'
  | 'PARADIGM'
  | 'PING';

/** The normalized lifecycle state. Each provider maps its own status onto it; see the README for the tables. */
export type SessionState =
  /** Running (a connected VPN session). */
  | 'ACTIVE'
  /** Finished, with nothing failed. Terminal. */
  | 'COMPLETED'
  /** Finished, with some items failed. Terminal. */
  | 'COMPLETED_WITH_ERRORS'
  /** Ended (a disconnected VPN session). Terminal. */
  | 'ENDED'
  /** Expired before or after use. Terminal. */
  | 'EXPIRED'
  /** Finished with an error. Terminal. */
  | 'FAILED'
  /** Open for input (uploads). */
  | 'OPEN'
  /** Created, not started yet. */
  | 'PENDING'
  /** Working through its input (ingestion, crawling, document processing). */
  | 'PROCESSING';

type SessionRow_DeepsetUploadSession_Fragment = { __typename: 'DeepsetUploadSession', workspace: string, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string, deepsetStatus: DeepsetSessionStatus, ingestionStatus: { finishedFiles: number, failedFiles: number } };

type SessionRow_KadoaCrawlSession_Fragment = { __typename: 'KadoaCrawlSession', crawledPages: number | null, finished: boolean | null, error: string | null, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string };

type SessionRow_ParadigmUploadSession_Fragment = { __typename: 'ParadigmUploadSession', id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string, documentCounts: { total: number, pending: number, parsing: number, parsingFailed: number, embedding: number, embeddingFailed: number, embedded: number, fail: number, updating: number, withoutStatus: number } };

type SessionRow_PingVpnSession_Fragment = { __typename: 'PingVpnSession', duration: number | null, uploadedBytes: string | null, downloadedBytes: string | null, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string };

export type SessionRowFragment =
  | SessionRow_DeepsetUploadSession_Fragment
  | SessionRow_KadoaCrawlSession_Fragment
  | SessionRow_ParadigmUploadSession_Fragment
  | SessionRow_PingVpnSession_Fragment
;

export type LookUpSessionsQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type LookUpSessionsQuery = { sessions: Array<
    | { __typename: 'DeepsetUploadSession', workspace: string, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string, deepsetStatus: DeepsetSessionStatus, ingestionStatus: { finishedFiles: number, failedFiles: number } }
    | { __typename: 'KadoaCrawlSession', crawledPages: number | null, finished: boolean | null, error: string | null, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string }
    | { __typename: 'ParadigmUploadSession', id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string, documentCounts: { total: number, pending: number, parsing: number, parsingFailed: number, embedding: number, embeddingFailed: number, embedded: number, fail: number, updating: number, withoutStatus: number } }
    | { __typename: 'PingVpnSession', duration: number | null, uploadedBytes: string | null, downloadedBytes: string | null, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string }
   | null> };

export type WatchSessionsSubscriptionVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type WatchSessionsSubscription = { sessionsUpdated: { id: string, session:
      | { __typename: 'DeepsetUploadSession', workspace: string, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string, deepsetStatus: DeepsetSessionStatus, ingestionStatus: { finishedFiles: number, failedFiles: number } }
      | { __typename: 'KadoaCrawlSession', crawledPages: number | null, finished: boolean | null, error: string | null, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string }
      | { __typename: 'ParadigmUploadSession', id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string, documentCounts: { total: number, pending: number, parsing: number, parsingFailed: number, embedding: number, embeddingFailed: number, embedded: number, fail: number, updating: number, withoutStatus: number } }
      | { __typename: 'PingVpnSession', duration: number | null, uploadedBytes: string | null, downloadedBytes: string | null, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string }
     | null, degraded: { code: ErrorCode, message: string, retryInMs: number | null } | null, failed: { code: ErrorCode, message: string } | null } };

export type CloseSessionMutationVariables = Exact<{
  id: string | number;
}>;


export type CloseSessionMutation = { closeSession:
    | { __typename: 'AlreadyClosedError', code: ErrorCode, message: string }
    | { __typename: 'CloseNotSupportedError', code: ErrorCode, message: string }
    | { __typename: 'CloseSessionSuccess', session:
        | { __typename: 'DeepsetUploadSession', workspace: string, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string, deepsetStatus: DeepsetSessionStatus, ingestionStatus: { finishedFiles: number, failedFiles: number } }
        | { __typename: 'KadoaCrawlSession', crawledPages: number | null, finished: boolean | null, error: string | null, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string }
        | { __typename: 'ParadigmUploadSession', id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string, documentCounts: { total: number, pending: number, parsing: number, parsingFailed: number, embedding: number, embeddingFailed: number, embedded: number, fail: number, updating: number, withoutStatus: number } }
        | { __typename: 'PingVpnSession', duration: number | null, uploadedBytes: string | null, downloadedBytes: string | null, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string }
       }
    | { __typename: 'InvalidInputError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'OpenSessionLimitError', code: ErrorCode, message: string }
    | { __typename: 'PauseNotSupportedError', code: ErrorCode, message: string }
    | { __typename: 'PlanRequiredError', code: ErrorCode, message: string }
    | { __typename: 'UpstreamFailureError', code: ErrorCode, message: string }
   };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const SessionRowFragmentDoc = new TypedDocumentString(`
    fragment SessionRow on Session {
  __typename
  id
  provider
  sessionId
  state
  providerStatus
  isTerminal
  fetchedAt
  ... on DeepsetUploadSession {
    workspace
    deepsetStatus: status
    ingestionStatus {
      finishedFiles
      failedFiles
    }
  }
  ... on ParadigmUploadSession {
    documentCounts {
      total
      pending
      parsing
      parsingFailed
      embedding
      embeddingFailed
      embedded
      fail
      updating
      withoutStatus
    }
  }
  ... on PingVpnSession {
    duration
    uploadedBytes
    downloadedBytes
  }
  ... on KadoaCrawlSession {
    crawledPages
    finished
    error
  }
}
    `, {"fragmentName":"SessionRow"}) as unknown as TypedDocumentString<SessionRowFragment, unknown>;
export const LookUpSessionsDocument = new TypedDocumentString(`
    query LookUpSessions($ids: [ID!]!) {
  sessions(ids: $ids) {
    ...SessionRow
  }
}
    fragment SessionRow on Session {
  __typename
  id
  provider
  sessionId
  state
  providerStatus
  isTerminal
  fetchedAt
  ... on DeepsetUploadSession {
    workspace
    deepsetStatus: status
    ingestionStatus {
      finishedFiles
      failedFiles
    }
  }
  ... on ParadigmUploadSession {
    documentCounts {
      total
      pending
      parsing
      parsingFailed
      embedding
      embeddingFailed
      embedded
      fail
      updating
      withoutStatus
    }
  }
  ... on PingVpnSession {
    duration
    uploadedBytes
    downloadedBytes
  }
  ... on KadoaCrawlSession {
    crawledPages
    finished
    error
  }
}`, {"hash":"sha256:a2fc154e4016d7cba7c0d13b8cf5653f7e6af2d7fcbd5982d436778e922e56f0"}) as unknown as TypedDocumentString<LookUpSessionsQuery, LookUpSessionsQueryVariables>;
export const WatchSessionsDocument = new TypedDocumentString(`
    subscription WatchSessions($ids: [ID!]!) {
  sessionsUpdated(ids: $ids) {
    id
    session {
      ...SessionRow
    }
    degraded {
      code
      message
      retryInMs
    }
    failed {
      code
      message
    }
  }
}
    fragment SessionRow on Session {
  __typename
  id
  provider
  sessionId
  state
  providerStatus
  isTerminal
  fetchedAt
  ... on DeepsetUploadSession {
    workspace
    deepsetStatus: status
    ingestionStatus {
      finishedFiles
      failedFiles
    }
  }
  ... on ParadigmUploadSession {
    documentCounts {
      total
      pending
      parsing
      parsingFailed
      embedding
      embeddingFailed
      embedded
      fail
      updating
      withoutStatus
    }
  }
  ... on PingVpnSession {
    duration
    uploadedBytes
    downloadedBytes
  }
  ... on KadoaCrawlSession {
    crawledPages
    finished
    error
  }
}`, {"hash":"sha256:0c127a1f2f04f844d27afb3b29d2fd31aaa4b2ce070d0f1fd77cb7b8a954c62a"}) as unknown as TypedDocumentString<WatchSessionsSubscription, WatchSessionsSubscriptionVariables>;
export const CloseSessionDocument = new TypedDocumentString(`
    mutation CloseSession($id: ID!) {
  closeSession(id: $id) {
    __typename
    ... on CloseSessionSuccess {
      session {
        ...SessionRow
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    fragment SessionRow on Session {
  __typename
  id
  provider
  sessionId
  state
  providerStatus
  isTerminal
  fetchedAt
  ... on DeepsetUploadSession {
    workspace
    deepsetStatus: status
    ingestionStatus {
      finishedFiles
      failedFiles
    }
  }
  ... on ParadigmUploadSession {
    documentCounts {
      total
      pending
      parsing
      parsingFailed
      embedding
      embeddingFailed
      embedded
      fail
      updating
      withoutStatus
    }
  }
  ... on PingVpnSession {
    duration
    uploadedBytes
    downloadedBytes
  }
  ... on KadoaCrawlSession {
    crawledPages
    finished
    error
  }
}`, {"hash":"sha256:4a9f9136454187f1859b033678e324aed8da4ea33820a3ae74f31863537fec68"}) as unknown as TypedDocumentString<CloseSessionMutation, CloseSessionMutationVariables>;