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
