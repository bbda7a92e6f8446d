/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment SessionRow on Session {\n    __typename\n    id\n    provider\n    sessionId\n    state\n    providerStatus\n    isTerminal\n    fetchedAt\n    ... on DeepsetUploadSession {\n      workspace\n      deepsetStatus: status\n      ingestionStatus { finishedFiles failedFiles }\n    }\n    ... on ParadigmUploadSession {\n      documentCounts { total pending parsing parsingFailed embedding embeddingFailed embedded fail updating withoutStatus }\n    }\n    ... on PingVpnSession {\n      duration\n      uploadedBytes\n      downloadedBytes\n    }\n    ... on KadoaCrawlSession {\n      crawledPages\n      finished\n      error\n    }\n  }\n": typeof types.SessionRowFragmentDoc,
    "\n  query LookUpSessions($ids: [ID!]!) {\n    sessions(ids: $ids) { ...SessionRow }\n  }\n": typeof types.LookUpSessionsDocument,
    "\n  subscription WatchSessions($ids: [ID!]!) {\n    sessionsUpdated(ids: $ids) {\n      id\n      session { ...SessionRow }\n      degraded { code message retryInMs }\n      failed { code message }\n    }\n  }\n": typeof types.WatchSessionsDocument,
    "\n  mutation CloseSession($id: ID!) {\n    closeSession(id: $id) {\n      __typename\n      ... on CloseSessionSuccess { session { ...SessionRow } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.CloseSessionDocument,
    "\n  query ListDeepsetUploadSessions($workspace: String!, $first: Int, $after: String) {\n    deepsetUploadSessions(workspace: $workspace, first: $first, after: $after) {\n      edges { node { id sessionId state createdAt } }\n      pageInfo { hasNextPage endCursor }\n      totalCount\n    }\n  }\n": typeof types.ListDeepsetUploadSessionsDocument,
    "\n  query ListKadoaCrawlSessions($first: Int, $after: String) {\n    kadoaCrawlSessions(first: $first, after: $after) {\n      edges { node { id sessionId state createdAt } }\n      pageInfo { hasNextPage endCursor }\n      totalCount\n    }\n  }\n": typeof types.ListKadoaCrawlSessionsDocument,
    "\n  mutation CreateDeepsetUploadSession($input: CreateDeepsetUploadSessionInput!) {\n    createDeepsetUploadSession(input: $input) {\n      __typename\n      ... on CreateSessionSuccess { session { ...SessionRow } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.CreateDeepsetUploadSessionDocument,
    "\n  mutation StartKadoaCrawl($input: StartKadoaCrawlInput!) {\n    startKadoaCrawl(input: $input) {\n      __typename\n      ... on CreateSessionSuccess { session { ...SessionRow } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.StartKadoaCrawlDocument,
    "\n  mutation PauseSession($id: ID!) {\n    pauseSession(id: $id) {\n      __typename\n      ... on PauseSessionSuccess { session { ...SessionRow } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.PauseSessionDocument,
    "\n  mutation ResumeSession($id: ID!) {\n    resumeSession(id: $id) {\n      __typename\n      ... on ResumeSessionSuccess { session { ...SessionRow } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.ResumeSessionDocument,
};
const documents: Documents = {
    "\n  fragment SessionRow on Session {\n    __typename\n    id\n    provider\n    sessionId\n    state\n    providerStatus\n    isTerminal\n    fetchedAt\n    ... on DeepsetUploadSession {\n      workspace\n      deepsetStatus: status\n      ingestionStatus { finishedFiles failedFiles }\n    }\n    ... on ParadigmUploadSession {\n      documentCounts { total pending parsing parsingFailed embedding embeddingFailed embedded fail updating withoutStatus }\n    }\n    ... on PingVpnSession {\n      duration\n      uploadedBytes\n      downloadedBytes\n    }\n    ... on KadoaCrawlSession {\n      crawledPages\n      finished\n      error\n    }\n  }\n": types.SessionRowFragmentDoc,
    "\n  query LookUpSessions($ids: [ID!]!) {\n    sessions(ids: $ids) { ...SessionRow }\n  }\n": types.LookUpSessionsDocument,
    "\n  subscription WatchSessions($ids: [ID!]!) {\n    sessionsUpdated(ids: $ids) {\n      id\n      session { ...SessionRow }\n      degraded { code message retryInMs }\n      failed { code message }\n    }\n  }\n": types.WatchSessionsDocument,
    "\n  mutation CloseSession($id: ID!) {\n    closeSession(id: $id) {\n      __typename\n      ... on CloseSessionSuccess { session { ...SessionRow } }\n      ... on Error { code message }\n    }\n  }\n": types.CloseSessionDocument,
    "\n  query ListDeepsetUploadSessions($workspace: String!, $first: Int, $after: String) {\n    deepsetUploadSessions(workspace: $workspace, first: $first, after: $after) {\n      edges { node { id sessionId state createdAt } }\n      pageInfo { hasNextPage endCursor }\n      totalCount\n    }\n  }\n": types.ListDeepsetUploadSessionsDocument,
    "\n  query ListKadoaCrawlSessions($first: Int, $after: String) {\n    kadoaCrawlSessions(first: $first, after: $after) {\n      edges { node { id sessionId state createdAt } }\n      pageInfo { hasNextPage endCursor }\n      totalCount\n    }\n  }\n": types.ListKadoaCrawlSessionsDocument,
    "\n  mutation CreateDeepsetUploadSession($input: CreateDeepsetUploadSessionInput!) {\n    createDeepsetUploadSession(input: $input) {\n      __typename\n      ... on CreateSessionSuccess { session { ...SessionRow } }\n      ... on Error { code message }\n    }\n  }\n": types.CreateDeepsetUploadSessionDocument,
    "\n  mutation StartKadoaCrawl($input: StartKadoaCrawlInput!) {\n    startKadoaCrawl(input: $input) {\n      __typename\n      ... on CreateSessionSuccess { session { ...SessionRow } }\n      ... on Error { code message }\n    }\n  }\n": types.StartKadoaCrawlDocument,
    "\n  mutation PauseSession($id: ID!) {\n    pauseSession(id: $id) {\n      __typename\n      ... on PauseSessionSuccess { session { ...SessionRow } }\n      ... on Error { code message }\n    }\n  }\n": types.PauseSessionDocument,
    "\n  mutation ResumeSession($id: ID!) {\n    resumeSession(id: $id) {\n      __typename\n      ... on ResumeSessionSuccess { session { ...SessionRow } }\n      ... on Error { code message }\n    }\n  }\n": types.ResumeSessionDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionRow on Session {\n    __typename\n    id\n    provider\n    sessionId\n    state\n    providerStatus\n    isTerminal\n    fetchedAt\n    ... on DeepsetUploadSession {\n      workspace\n      deepsetStatus: status\n      ingestionStatus { finishedFiles failedFiles }\n    }\n    ... on ParadigmUploadSession {\n      documentCounts { total pending parsing parsingFailed embedding embeddingFailed embedded fail updating withoutStatus }\n    }\n    ... on PingVpnSession {\n      duration\n      uploadedBytes\n      downloadedBytes\n    }\n    ... on KadoaCrawlSession {\n      crawledPages\n      finished\n      error\n    }\n  }\n"): typeof import('./graphql.js').SessionRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LookUpSessions($ids: [ID!]!) {\n    sessions(ids: $ids) { ...SessionRow }\n  }\n"): typeof import('./graphql.js').LookUpSessionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WatchSessions($ids: [ID!]!) {\n    sessionsUpdated(ids: $ids) {\n      id\n      session { ...SessionRow }\n      degraded { code message retryInMs }\n      failed { code message }\n    }\n  }\n"): typeof import('./graphql.js').WatchSessionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CloseSession($id: ID!) {\n    closeSession(id: $id) {\n      __typename\n      ... on CloseSessionSuccess { session { ...SessionRow } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').CloseSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListDeepsetUploadSessions($workspace: String!, $first: Int, $after: String) {\n    deepsetUploadSessions(workspace: $workspace, first: $first, after: $after) {\n      edges { node { id sessionId state createdAt } }\n      pageInfo { hasNextPage endCursor }\n      totalCount\n    }\n  }\n"): typeof import('./graphql.js').ListDeepsetUploadSessionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListKadoaCrawlSessions($first: Int, $after: String) {\n    kadoaCrawlSessions(first: $first, after: $after) {\n      edges { node { id sessionId state createdAt } }\n      pageInfo { hasNextPage endCursor }\n      totalCount\n    }\n  }\n"): typeof import('./graphql.js').ListKadoaCrawlSessionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateDeepsetUploadSession($input: CreateDeepsetUploadSessionInput!) {\n    createDeepsetUploadSession(input: $input) {\n      __typename\n      ... on CreateSessionSuccess { session { ...SessionRow } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').CreateDeepsetUploadSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartKadoaCrawl($input: StartKadoaCrawlInput!) {\n    startKadoaCrawl(input: $input) {\n      __typename\n      ... on CreateSessionSuccess { session { ...SessionRow } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').StartKadoaCrawlDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseSession($id: ID!) {\n    pauseSession(id: $id) {\n      __typename\n      ... on PauseSessionSuccess { session { ...SessionRow } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').PauseSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeSession($id: ID!) {\n    resumeSession(id: $id) {\n      __typename\n      ... on ResumeSessionSuccess { session { ...SessionRow } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').ResumeSessionDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
