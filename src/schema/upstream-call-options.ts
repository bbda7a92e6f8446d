import type { GatewayContext } from '../context.js';
import type { CallPurpose } from '../upstreams/http/upstream-line.js';
import type { Provider } from '../upstreams/provider.js';
import type { CallOptions } from '../upstreams/session-client.js';

/** The options of one list or mutation call to `provider`: the request's credential, deadline and client, as the session loader passes them for reads. */
export function upstreamCallOptions(ctx: GatewayContext, provider: Provider, purpose: Exclude<CallPurpose, 'poll'>): CallOptions {
  const signal = ctx.deadline?.signal;
  return { credential: ctx.credentials[provider], signal, purpose, clientId: ctx.clientId, deadlineAt: signal ? ctx.deadlineAt : undefined };
}
