import type { GatewayContext } from '../context.js';
import type { CallPurpose } from '../upstreams/http/upstream-line.js';
import type { Provider } from '../upstreams/provider.js';
import type { CallOptions } from '../upstreams/session-client.js';

/**
 * What the context may carry about the deadline beyond its signal: the epoch ms it passes at, or
 * (createContext spreads its deps into the context) its length, from which it is taken here.
 */
type DeadlineTimes = { deadlineAt?: number; deadlineMs?: number };

const deadlines = new WeakMap<GatewayContext, number>();

/**
 * When this operation's deadline passes, for the rate budget to refuse at once (RATE_LIMITED with
 * retryAfterMs) a call that can't start before it, instead of letting it wait until the deadline
 * aborts it. Taken once per operation, at its first upstream call, when the context holds no
 * `deadlineAt` of its own; the deadline's signal fires no earlier than `deadlineMs` after the
 * operation started, so this is at most the few ms between the start and that first call late.
 */
function deadlineAt(ctx: GatewayContext): number | undefined {
  const times = ctx as GatewayContext & DeadlineTimes;
  if (times.deadlineAt !== undefined) return times.deadlineAt;
  if (times.deadlineMs === undefined) return undefined;
  let at = deadlines.get(ctx);
  if (at === undefined) deadlines.set(ctx, (at = Date.now() + times.deadlineMs));
  return at;
}

/** The options of one list or mutation call to `provider`: the request's credential, deadline and client, as the session loader passes them for reads. */
export function upstreamCallOptions(ctx: GatewayContext, provider: Provider, purpose: Exclude<CallPurpose, 'poll'>): CallOptions {
  const signal = ctx.deadline?.signal;
  return { credential: ctx.credentials[provider], signal, purpose, clientId: ctx.clientId, deadlineAt: signal ? deadlineAt(ctx) : undefined };
}
