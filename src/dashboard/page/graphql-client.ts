/// <reference lib="dom" />
import { createClient, NetworkError, type RequestParams } from 'graphql-sse';
import type { TypedDocumentString } from '../gql/graphql.js';
import { authorizationHeaders } from './client-key.js';

export interface GraphQLErrorLike {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string } & Record<string, unknown>;
}

export interface ExecutionResult<TData> {
  data?: TData | null;
  errors?: readonly GraphQLErrorLike[];
}

/** The transport failed (not a GraphQL error): worth retrying when `status` is 5xx or absent. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const ENDPOINT = '/graphql';

/**
 * Sends the id codegen put on the document: the gateway knows the dashboard's documents, and in
 * trusted-documents mode accepts nothing else. A document without one goes as text.
 */
function requestBody<TVariables>(document: TypedDocumentString<unknown, TVariables>, variables: TVariables): string {
  const hash: unknown = document.__meta__?.hash;
  return JSON.stringify(typeof hash === 'string' ? { documentId: hash, variables } : { query: document.toString(), variables });
}

async function post(body: string, accept: string, signal?: AbortSignal): Promise<Response> {
  try {
    return await fetch(ENDPOINT, { method: 'POST', headers: { ...authorizationHeaders(), 'content-type': 'application/json', accept }, body, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new TransportError('The gateway could not be reached');
  }
}

async function jsonResult<TData>(response: Response): Promise<ExecutionResult<TData>> {
  try {
    return (await response.json()) as ExecutionResult<TData>;
  } catch {
    throw new TransportError(`The gateway answered ${response.status} without a GraphQL result`, response.status);
  }
}

/** A query or mutation over fetch. */
export async function execute<TData, TVariables>(document: TypedDocumentString<TData, TVariables>, variables: TVariables): Promise<ExecutionResult<TData>> {
  return jsonResult<TData>(await post(requestBody(document, variables), 'application/graphql-response+json, application/json'));
}

/**
 * yoga streams a refusal (an unknown document, a bad id) as events too, under a 4xx status;
 * graphql-sse reads only a 2xx body, so such an answer is handed over as the stream it is.
 */
async function fetchEvents(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  if (response.ok || !response.headers.get('content-type')?.startsWith('text/event-stream')) return response;
  return new Response(response.body, { status: 200, headers: response.headers });
}

/** graphql-sse's client, in its distinct-connections mode (a POST per subscription), which yoga serves. Retries are the page's. */
const events = createClient({ url: ENDPOINT, headers: authorizationHeaders, retryAttempts: 0, fetchFn: fetchEvents });

/**
 * A subscription over server-sent events. Yields each result; returns when the server completes
 * the stream; throws TransportError if the stream breaks off before that.
 */
export async function* subscribe<TData, TVariables>(
  document: TypedDocumentString<TData, TVariables>,
  variables: TVariables,
  signal: AbortSignal,
): AsyncGenerator<ExecutionResult<TData>> {
  // graphql-sse sends its request object as the JSON body, so the persisted id goes as yoga reads it.
  const results = events.iterate<TData>(JSON.parse(requestBody(document, variables)) as RequestParams);
  const stop = () => void results.return?.();
  signal.addEventListener('abort', stop, { once: true });
  try {
    for await (const result of results) yield result as ExecutionResult<TData>;
  } catch (error) {
    if (signal.aborted) throw error;
    const status = error instanceof NetworkError ? error.response?.status : undefined;
    throw new TransportError(status === undefined ? 'The event stream broke off' : `The gateway answered ${status}`, status);
  } finally {
    signal.removeEventListener('abort', stop);
  }
}
