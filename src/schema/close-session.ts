import { builder } from '../builder.js';
import { invalidateSession, type GatewayContext } from '../context.js';
import type { AnySession } from '../upstreams/upstreams.js';
import { providerName } from '../upstreams/provider.js';
import { UpstreamError } from '../upstreams/upstream-error.js';
import { ERROR_OBJECT_TYPES, errorTypeName } from './errors.js';
import { decodeSessionId } from './global-id.js';
import { SessionInterface } from './session.js';
import { readBack } from './read-back.js';
import { upstreamCallOptions } from './upstream-call-options.js';

const CloseSessionSuccess = builder.objectRef<{ session: AnySession }>('CloseSessionSuccess').implement({
  fields: (t) => ({ session: t.field({ type: SessionInterface, resolve: (success) => success.session }) }),
});

/** Every expected failure of a close is data; anything else is thrown and masked. */
const CloseSessionResult = builder.unionType('CloseSessionResult', {
  types: [...ERROR_OBJECT_TYPES, CloseSessionSuccess],
  resolveType: (value) => ('failure' in value ? errorTypeName(value) : 'CloseSessionSuccess'),
});

builder.mutationField('closeSession', (t) =>
  t.field({
    type: CloseSessionResult,
    description:
      'Closes a session upstream and returns it as re-read after the close. Only providers with a close endpoint support it (deepset); the others return CloseNotSupportedError.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      try {
        return { session: await closeAndReread(ctx, String(id)) };
      } catch (error) {
        if (error instanceof UpstreamError) return { failure: error };
        throw error;
      }
    },
  }),
);

async function closeAndReread(ctx: GatewayContext, id: string): Promise<AnySession> {
  const ref = decodeSessionId(id);
  const { close } = ctx.upstreams.clients[ref.provider];
  if (!close) throw new UpstreamError('CLOSE_NOT_SUPPORTED', ref.provider, `${providerName(ref.provider)} sessions cannot be closed: its API has no close endpoint`);
  await close(ref, upstreamCallOptions(ctx, ref.provider, 'mutation'));
  // Watchers of this session should not wait a whole interval to see it closed, nor readers a cache's TTL.
  invalidateSession(ctx, ref);
  return readBack(ctx, ref, 'closed');
}
