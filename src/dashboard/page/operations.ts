import { graphql } from '../gql/gql.js';

export const SessionRowFragment = graphql(`
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
      ingestionStatus { finishedFiles failedFiles }
    }
    ... on ParadigmUploadSession {
      documentCounts { total pending parsing parsingFailed embedding embeddingFailed embedded fail updating withoutStatus }
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
`);

export const LookUpSessionsQuery = graphql(`
  query LookUpSessions($ids: [ID!]!) {
    sessions(ids: $ids) { ...SessionRow }
  }
`);

export const WatchSessionsSubscription = graphql(`
  subscription WatchSessions($ids: [ID!]!) {
    sessionsUpdated(ids: $ids) {
      id
      session { ...SessionRow }
      degraded { code message retryInMs }
      failed { code message }
    }
  }
`);

export const CloseSessionMutation = graphql(`
  mutation CloseSession($id: ID!) {
    closeSession(id: $id) {
      __typename
      ... on CloseSessionSuccess { session { ...SessionRow } }
      ... on Error { code message }
    }
  }
`);

export const ListDeepsetUploadSessionsQuery = graphql(`
  query ListDeepsetUploadSessions($workspace: String!, $first: Int, $after: String) {
    deepsetUploadSessions(workspace: $workspace, first: $first, after: $after) {
      edges { node { id sessionId state createdAt } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
`);

export const ListKadoaCrawlSessionsQuery = graphql(`
  query ListKadoaCrawlSessions($first: Int, $after: String) {
    kadoaCrawlSessions(first: $first, after: $after) {
      edges { node { id sessionId state createdAt } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
`);

export const CreateDeepsetUploadSessionMutation = graphql(`
  mutation CreateDeepsetUploadSession($input: CreateDeepsetUploadSessionInput!) {
    createDeepsetUploadSession(input: $input) {
      __typename
      ... on CreateSessionSuccess { session { ...SessionRow } }
      ... on Error { code message }
    }
  }
`);

export const StartKadoaCrawlMutation = graphql(`
  mutation StartKadoaCrawl($input: StartKadoaCrawlInput!) {
    startKadoaCrawl(input: $input) {
      __typename
      ... on CreateSessionSuccess { session { ...SessionRow } }
      ... on Error { code message }
    }
  }
`);

export const PauseSessionMutation = graphql(`
  mutation PauseSession($id: ID!) {
    pauseSession(id: $id) {
      __typename
      ... on PauseSessionSuccess { session { ...SessionRow } }
      ... on Error { code message }
    }
  }
`);

export const ResumeSessionMutation = graphql(`
  mutation ResumeSession($id: ID!) {
    resumeSession(id: $id) {
      __typename
      ... on ResumeSessionSuccess { session { ...SessionRow } }
      ... on Error { code message }
    }
  }
`);
