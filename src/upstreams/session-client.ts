import type { Dispatcher } from 'undici';
import { confirmedClose } from './close-confirmation.js';
import { contractChecked } from './decode.js';
import type { SendUpstream } from './http/send-upstream.js';
import type { CallPurpose, UpstreamLine } from './http/upstream-line.js';
import type { UpstreamObserver } from './http/upstream-observer.js';
import type { Provider } from './provider.js';
import type { SessionRef } from './session-ref.js';

export interface CallOptions {
  /** The provider API key to use for this call. Never logged. */
  credential: string;
  /** The request deadline (queries, mutations) or the poller's own stop signal. */
  signal?: AbortSignal;
  purpose: CallPurpose;
  /** Who asked, hashed (src/context.ts): the rate budget serves waiting clients in turn. */
  clientId?: string;
  /** Epoch ms the request's deadline passes at: a call the budget can't start by then is refused at once. */
  deadlineAt?: number;
}

/** A provider's sessions. Refs come validated from the GraphQL edge (src/schema/global-id.ts); path parameters are still encoded here. */
export interface SessionClient<S> {
  readonly provider: Provider;
  get(ref: SessionRef, options: CallOptions): Promise<S>;
  /** Present only for providers whose contract has a close endpoint. */
  close?(ref: SessionRef, options: CallOptions): Promise<void>;
}

/** What differs between providers: URLs, the auth header, the decoder, and the close endpoint if there is one. */
export interface ProviderSpec<S extends { provider: Provider }> {
  provider: S['provider'];
  /** Path of the status endpoint relative to the base URL, with every parameter encoded. */
  statusPath(ref: SessionRef): string;
  authHeaders(credential: string): Record<string, string>;
  decode(json: unknown, text: string, ref: SessionRef, fetchedAt: Date): S;
  /** The contract's close endpoint: a PUT of `body` to the status path, and what a closed session shows. */
  close?: { body: string; isClosed(session: S): boolean };
}

export interface ClientDeps {
  dispatcher: Dispatcher;
  /** Path prefix of the configured base URL (e.g. `/customer/v2` for Ping), without a trailing slash. */
  basePath: string;
  maxBodyBytes: number;
  /** The provider's line: every call of this client goes through it. */
  line: UpstreamLine;
  observer?: UpstreamObserver;
}

/** The typed client of one provider: each call goes through `sendUpstream` (the provider's line), then its answer through the decoder. */
export function createSessionClient<S extends { provider: Provider }>(spec: ProviderSpec<S>, sendUpstream: SendUpstream, now: () => Date): SessionClient<S> {
  const { provider } = spec;
  const send = (method: 'GET' | 'PUT', ref: SessionRef, options: CallOptions, headers: Record<string, string>, body?: string) =>
    sendUpstream({ method, path: spec.statusPath(ref), idempotent: method === 'GET', headers, body }, options);
  const get: SessionClient<S>['get'] = async (ref, options) => {
    const response = await send('GET', ref, options, { accept: 'application/json', ...spec.authHeaders(options.credential) });
    return contractChecked(provider, () => spec.decode(response.json, response.text, ref, now()));
  };
  const { close } = spec;
  if (!close) return { provider, get };
  const closeOnce = async (ref: SessionRef, options: CallOptions): Promise<void> => {
    await send('PUT', ref, options, spec.authHeaders(options.credential), close.body);
  };
  return { provider, get, close: confirmedClose(closeOnce, get, close.isClosed, Date.now) };
}
