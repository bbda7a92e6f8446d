import { builder } from '../builder.js';
import { invalidateSession, type GatewayContext } from '../context.js';
import type { AnySession } from '../upstreams/upstreams.js';
import { providerName } from '../upstreams/provider.js';
import { UpstreamError } from '../upstreams/upstream-error.js';
import { sessionOrFailure, sessionResultType } from './errors.js';
import { decodeSessionId } from './global-id.js';
import { readBack } from './read-back.js';
import { upstreamCallOptions } from './upstream-call-options.js';

const CloseSessionResult = sessionResultType('CloseSession');

builder.mutationField('closeSession', (t) =>
  t.field({
    type: CloseSessionResult,
    description:
      'Closes a session upstream and returns it as re-read after the close. Only providers with a close endpoint support it (deepset); the others return CloseNotSupportedError.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => sessionOrFailure(() => closeAndReread(ctx, String(id))),
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
