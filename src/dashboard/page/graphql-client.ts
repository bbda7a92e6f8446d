/// <reference lib="dom" />
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
 * A subscription over server-sent events (POST, so it carries a JSON body like any request).
 * Yields each `next` event; returns when the server sends `complete`; throws TransportError if
 * the stream breaks off before that.
 */
export async function* subscribe<TData, TVariables>(
  document: TypedDocumentString<TData, TVariables>,
  variables: TVariables,
  signal: AbortSignal,
): AsyncGenerator<ExecutionResult<TData>> {
  const response = await post(requestBody(document, variables), 'text/event-stream', signal);
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    // Refused before streaming (a bad id, an unknown document): the answer is one JSON result.
    yield await jsonResult<TData>(response);
    return;
  }
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    let chunk: ReadableStreamReadResult<string>;
    try {
      chunk = await reader.read();
    } catch (error) {
      if (signal.aborted) throw error;
      throw new TransportError('The event stream broke off');
    }
    if (chunk.done) throw new TransportError('The event stream ended before it completed');
    buffer += chunk.value;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const lines = buffer.slice(0, end).split('\n');
      buffer = buffer.slice(end + 2);
      const event = lines.find((line) => line.startsWith('event:'))?.slice(6).trim();
      const data = lines
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (event === 'complete') {
        await reader.cancel();
        return;
      }
      if (event === 'next' && data !== '') yield JSON.parse(data) as ExecutionResult<TData>;
    }
  }
}
