/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type CreateDeepsetUploadSessionInput = {
  /** From 1 to 86400; left out, deepset's maximum of 24 hours. */
  expiresInSeconds?: number | null | undefined;
  /** Process this session's files in parallel with other sessions'. */
  parallelProcessing?: boolean | null | undefined;
  workspace: string;
  /** What deepset does with a file that already exists. KEEP by default. */
  writeMode?: DeepsetWriteMode | null | undefined;
};

export type DeepsetSessionStatus =
  | 'CLOSED'
  | 'EXPIRED'
  | 'OPEN';

/** How deepset handles a file that already exists in the workspace. */
export type DeepsetWriteMode =
  | 'FAIL'
  | 'KEEP'
  | 'OVERWRITE'
  | 'TEMPORARY';

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
  /** A graphql-ws socket already holds MAX_SUBSCRIPTIONS_PER_SOCKET operations; the subscribe is refused (with `limit` in `extensions`) and the socket stays open. */
  | 'SUBSCRIPTION_LIMIT_EXCEEDED'
  | 'UNAUTHENTICATED'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  /** A subscription would take its client over MAX_WATCHED_SESSIONS_PER_CLIENT sessions watched at once; refused at subscribe time, with `limit`, `watching` and `requested` in `extensions`. */
  | 'WATCH_LIMIT_EXCEEDED';

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
  /** Ended for good. Terminal. */
  | 'ENDED'
  /** Expired before or after use. Terminal. */
  | 'EXPIRED'
  /** Finished with an error. Terminal. */
  | 'FAILED'
  /** Not running now, and may run again (a disconnected VPN session: paused, or with no client connected; Ping does not say whether it will connect again). Not terminal. */
  | 'INACTIVE'
  /** Open for input (uploads). */
  | 'OPEN'
  /** Created, not started yet. */
  | 'PENDING'
  /** Working through its input (ingestion, crawling, document processing). */
  | 'PROCESSING';

export type StartKadoaCrawlInput = {
  /** At least 1; left out, Kadoa’s default. */
  maxDepth?: number | null | undefined;
  /** At least 1; left out, Kadoa’s default. */
  maxPages?: number | null | undefined;
  /** Up to 100 non-empty regex sources: only URLs matching one are crawled. */
  pathsFilterIn?: Array<string> | null | undefined;
  /** Up to 100 non-empty regex sources: URLs matching one are skipped. */
  pathsFilterOut?: Array<string> | null | undefined;
  /** 1 to 100 http(s) URLs to start from. */
  startUrls: Array<string>;
};

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

export type ListDeepsetUploadSessionsQueryVariables = Exact<{
  workspace: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ListDeepsetUploadSessionsQuery = { deepsetUploadSessions: { totalCount: number, edges: Array<{ node: { id: string, sessionId: string, state: SessionState, createdAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ListKadoaCrawlSessionsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ListKadoaCrawlSessionsQuery = { kadoaCrawlSessions: { totalCount: number, edges: Array<{ node: { id: string, sessionId: string, state: SessionState, createdAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CreateDeepsetUploadSessionMutationVariables = Exact<{
  input: CreateDeepsetUploadSessionInput;
}>;


export type CreateDeepsetUploadSessionMutation = { createDeepsetUploadSession:
    | { __typename: 'AlreadyClosedError', code: ErrorCode, message: string }
    | { __typename: 'CloseNotSupportedError', code: ErrorCode, message: string }
    | { __typename: 'CreateSessionSuccess', session:
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

export type StartKadoaCrawlMutationVariables = Exact<{
  input: StartKadoaCrawlInput;
}>;


export type StartKadoaCrawlMutation = { startKadoaCrawl:
    | { __typename: 'AlreadyClosedError', code: ErrorCode, message: string }
    | { __typename: 'CloseNotSupportedError', code: ErrorCode, message: string }
    | { __typename: 'CreateSessionSuccess', session:
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

export type PauseSessionMutationVariables = Exact<{
  id: string | number;
}>;


export type PauseSessionMutation = { pauseSession:
    | { __typename: 'AlreadyClosedError', code: ErrorCode, message: string }
    | { __typename: 'CloseNotSupportedError', code: ErrorCode, message: string }
    | { __typename: 'InvalidInputError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'OpenSessionLimitError', code: ErrorCode, message: string }
    | { __typename: 'PauseNotSupportedError', code: ErrorCode, message: string }
    | { __typename: 'PauseSessionSuccess', session:
        | { __typename: 'DeepsetUploadSession', workspace: string, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string, deepsetStatus: DeepsetSessionStatus, ingestionStatus: { finishedFiles: number, failedFiles: number } }
        | { __typename: 'KadoaCrawlSession', crawledPages: number | null, finished: boolean | null, error: string | null, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string }
        | { __typename: 'ParadigmUploadSession', id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string, documentCounts: { total: number, pending: number, parsing: number, parsingFailed: number, embedding: number, embeddingFailed: number, embedded: number, fail: number, updating: number, withoutStatus: number } }
        | { __typename: 'PingVpnSession', duration: number | null, uploadedBytes: string | null, downloadedBytes: string | null, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string }
       }
    | { __typename: 'PlanRequiredError', code: ErrorCode, message: string }
    | { __typename: 'UpstreamFailureError', code: ErrorCode, message: string }
   };

export type ResumeSessionMutationVariables = Exact<{
  id: string | number;
}>;


export type ResumeSessionMutation = { resumeSession:
    | { __typename: 'AlreadyClosedError', code: ErrorCode, message: string }
    | { __typename: 'CloseNotSupportedError', code: ErrorCode, message: string }
    | { __typename: 'InvalidInputError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'OpenSessionLimitError', code: ErrorCode, message: string }
    | { __typename: 'PauseNotSupportedError', code: ErrorCode, message: string }
    | { __typename: 'PlanRequiredError', code: ErrorCode, message: string }
    | { __typename: 'ResumeSessionSuccess', session:
        | { __typename: 'DeepsetUploadSession', workspace: string, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string, deepsetStatus: DeepsetSessionStatus, ingestionStatus: { finishedFiles: number, failedFiles: number } }
        | { __typename: 'KadoaCrawlSession', crawledPages: number | null, finished: boolean | null, error: string | null, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string }
        | { __typename: 'ParadigmUploadSession', id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string, documentCounts: { total: number, pending: number, parsing: number, parsingFailed: number, embedding: number, embeddingFailed: number, embedded: number, fail: number, updating: number, withoutStatus: number } }
        | { __typename: 'PingVpnSession', duration: number | null, uploadedBytes: string | null, downloadedBytes: string | null, id: string, provider: SessionProvider, sessionId: string, state: SessionState, providerStatus: string | null, isTerminal: boolean, fetchedAt: string }
       }
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
export const ListDeepsetUploadSessionsDocument = new TypedDocumentString(`
    query ListDeepsetUploadSessions($workspace: String!, $first: Int, $after: String) {
  deepsetUploadSessions(workspace: $workspace, first: $first, after: $after) {
    edges {
      node {
        id
        sessionId
        state
        createdAt
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    `, {"hash":"sha256:128d97424b2074920b65014dac558b53ab61fbf379dacee0b57feda29cfac43c"}) as unknown as TypedDocumentString<ListDeepsetUploadSessionsQuery, ListDeepsetUploadSessionsQueryVariables>;
export const ListKadoaCrawlSessionsDocument = new TypedDocumentString(`
    query ListKadoaCrawlSessions($first: Int, $after: String) {
  kadoaCrawlSessions(first: $first, after: $after) {
    edges {
      node {
        id
        sessionId
        state
        createdAt
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    `, {"hash":"sha256:36dd9b81e48f2ef7e8bad7d283d681b863faf1d4089fddaf2590d055851365d1"}) as unknown as TypedDocumentString<ListKadoaCrawlSessionsQuery, ListKadoaCrawlSessionsQueryVariables>;
export const CreateDeepsetUploadSessionDocument = new TypedDocumentString(`
    mutation CreateDeepsetUploadSession($input: CreateDeepsetUploadSessionInput!) {
  createDeepsetUploadSession(input: $input) {
    __typename
    ... on CreateSessionSuccess {
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
}`, {"hash":"sha256:b736016e84e70ff9da3a271b4a13e12146eca842b6fd7bcdec446181c647b5eb"}) as unknown as TypedDocumentString<CreateDeepsetUploadSessionMutation, CreateDeepsetUploadSessionMutationVariables>;
export const StartKadoaCrawlDocument = new TypedDocumentString(`
    mutation StartKadoaCrawl($input: StartKadoaCrawlInput!) {
  startKadoaCrawl(input: $input) {
    __typename
    ... on CreateSessionSuccess {
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
}`, {"hash":"sha256:0cf871ea75136c790a40837e0c2c20ef392d0658c82d3e787f1e6f7c79f29d20"}) as unknown as TypedDocumentString<StartKadoaCrawlMutation, StartKadoaCrawlMutationVariables>;
export const PauseSessionDocument = new TypedDocumentString(`
    mutation PauseSession($id: ID!) {
  pauseSession(id: $id) {
    __typename
    ... on PauseSessionSuccess {
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
}`, {"hash":"sha256:c0ca0350ed343c16927bb62e71ad50d18e8260e228059ff95e0e1bcfd8e5eaae"}) as unknown as TypedDocumentString<PauseSessionMutation, PauseSessionMutationVariables>;
export const ResumeSessionDocument = new TypedDocumentString(`
    mutation ResumeSession($id: ID!) {
  resumeSession(id: $id) {
    __typename
    ... on ResumeSessionSuccess {
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
}`, {"hash":"sha256:989ca2153401fca277d3d406a89ba5b10097f67e34ceae35ba0f33bd4c709f24"}) as unknown as TypedDocumentString<ResumeSessionMutation, ResumeSessionMutationVariables>;