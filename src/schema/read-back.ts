import type { GatewayContext } from '../context.js';
import type { SessionRef } from '../upstreams/session-ref.js';
import { UpstreamError } from '../upstreams/upstream-error.js';
import type { AnySession } from '../upstreams/upstreams.js';

/**
 * Reads a session a mutation has just changed, through the request's loader. A failed read keeps
 * its code but says the mutation took effect all the same (`done`: "created", "closed", …), so a
 * client doesn't send it again.
 */
export async function readBack(ctx: GatewayContext, ref: SessionRef, done: string): Promise<AnySession> {
  try {
    return await ctx.sessionLoader.load(ref);
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    const message = `The session was ${done}, but reading it back failed: ${error.message}`;
    throw new UpstreamError(error.code, error.provider, message, { upstreamStatus: error.upstreamStatus, retryAfterMs: error.retryAfterMs, cause: error });
  }
}
