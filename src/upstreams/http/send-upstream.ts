import type { Provider } from '../provider.js';
import type { CallOptions, ClientDeps } from '../session-client.js';
import { callUpstream, type UpstreamJsonResponse } from './call-upstream.js';
import type { UpstreamMethod } from './upstream-observer.js';

/** One request of a provider's client, before the line and the pool see it. */
export interface UpstreamRequest {
  method: UpstreamMethod;
  /** Relative to the configured base URL, every parameter already validated and encoded. */
  path: string;
  /** Only a read is; a create, close, pause or resume is never retried. */
  idempotent: boolean;
  headers: Record<string, string>;
  /** JSON text; sent with `content-type: application/json`. */
  body?: string;
}

export type SendUpstream = (request: UpstreamRequest, options: CallOptions) => Promise<UpstreamJsonResponse>;

/** The only way a client reaches its provider: through the provider's line, then callUpstream. */
export function createSendUpstream(provider: Provider, deps: ClientDeps): SendUpstream {
  return (request, options) =>
    deps.line.run(
      { method: request.method, idempotent: request.idempotent, purpose: options.purpose, signal: options.signal, clientId: options.clientId, deadlineAt: options.deadlineAt },
      (signal) =>
      callUpstream({
        provider,
        dispatcher: deps.dispatcher,
        method: request.method,
        path: deps.basePath + request.path,
        headers: request.headers,
        body: request.body,
        signal,
        maxBodyBytes: deps.maxBodyBytes,
        observer: deps.observer,
      }),
    );
}
