import type { Dispatcher } from 'undici';
import { ContractViolation } from './decode.js';
import { callUpstream } from './http/call-upstream.js';
import type { UpstreamObserver } from './http/upstream-observer.js';
import { providerName, type Provider } from './provider.js';
import type { SessionRef } from './session-ref.js';
import { validateRef } from './session-ref.js';
import { UpstreamError } from './upstream-error.js';

export interface CallOptions {
  /** The provider API key to use for this call. Never logged. */
  credential: string;
  signal?: AbortSignal;
}

export interface SessionClient<S> {
  readonly provider: Provider;
  get(ref: SessionRef, options: CallOptions): Promise<S>;
  /** Present only for providers whose contract has a close endpoint. */
  close?(ref: SessionRef, options: CallOptions): Promise<void>;
}

/** What differs between providers: URLs, the auth header, and the decoder. */
export interface ProviderSpec<S> {
  provider: Provider;
  /** Path of the status endpoint relative to the base URL, with every parameter encoded. */
  statusPath(ref: SessionRef): string;
  authHeaders(credential: string): Record<string, string>;
  decode(json: unknown, text: string, ref: SessionRef, fetchedAt: Date): S;
}

export interface ClientDeps {
  dispatcher: Dispatcher;
  /** Path prefix of the configured base URL (e.g. `/customer/v2` for Ping), without a trailing slash. */
  basePath: string;
  maxBodyBytes: number;
  now?: () => Date;
  observer?: UpstreamObserver;
}

export function createSessionClient<S>(spec: ProviderSpec<S>, deps: ClientDeps): SessionClient<S> {
  const now = deps.now ?? (() => new Date());
  return {
    provider: spec.provider,
    async get(ref, { credential, signal }) {
      const valid = validateRef(ref);
      const response = await callUpstream({
        provider: spec.provider,
        dispatcher: deps.dispatcher,
        method: 'GET',
        path: deps.basePath + spec.statusPath(valid),
        headers: { accept: 'application/json', ...spec.authHeaders(credential) },
        signal,
        maxBodyBytes: deps.maxBodyBytes,
        observer: deps.observer,
      });
      return decodeOrThrow(spec, () => spec.decode(response.json, response.text, valid, now()));
    },
  };
}

/** Adds the close endpoint to a client; only deepset's contract has one. */
export function withClose<S>(client: SessionClient<S>, spec: ProviderSpec<S>, deps: ClientDeps, closeBody: string): SessionClient<S> {
  return {
    ...client,
    async close(ref, { credential, signal }) {
      const valid = validateRef(ref);
      await callUpstream({
        provider: spec.provider,
        dispatcher: deps.dispatcher,
        method: 'PUT',
        path: deps.basePath + spec.statusPath(valid),
        headers: spec.authHeaders(credential),
        body: closeBody,
        signal,
        maxBodyBytes: deps.maxBodyBytes,
        observer: deps.observer,
      });
    },
  };
}

function decodeOrThrow<S>(spec: ProviderSpec<S>, decode: () => S): S {
  try {
    return decode();
  } catch (error) {
    if (error instanceof ContractViolation) {
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', spec.provider, `${providerName(spec.provider)} answered with a session that breaks its contract (${error.message})`, {
        cause: error,
      });
    }
    throw error;
  }
}
