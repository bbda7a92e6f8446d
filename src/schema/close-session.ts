import { builder } from '../builder.js';
import { sessionPollKey } from '../live/session-poll-target.js';
import type { AnySession } from '../upstreams/upstreams.js';
import { UpstreamError } from '../upstreams/upstream-error.js';
import { CLOSE_SESSION_ERRORS, closeNotSupported, sessionErrorFrom } from './errors.js';
import { decodeSessionId } from './global-id.js';
import { SessionInterface } from './session.js';

function asSessionError(error: unknown, prefix = ''): unknown {
  if (!(error instanceof UpstreamError)) return error;
  const mapped = sessionErrorFrom(error);
  if (prefix) mapped.message = `${prefix}${mapped.message}`;
  return mapped;
}

builder.mutationField('closeSession', (t) =>
  t.field({
    type: SessionInterface,
    description:
      'Closes a session upstream and returns it as re-read after the close. Only providers with a close endpoint support it (deepset); the others return CloseNotSupportedError.',
    args: { id: t.arg.id({ required: true }) },
    errors: {
      types: CLOSE_SESSION_ERRORS,
      union: { name: 'CloseSessionResult' },
      result: { name: 'CloseSessionSuccess' },
      dataField: { name: 'session' },
    },
    resolve: async (_root, { id }, ctx): Promise<AnySession> => {
      const ref = decodeSessionId(String(id));
      const client = ctx.upstreams.clients[ref.provider];
      if (!client.close) throw closeNotSupported(ref.provider);
      const credential = ctx.credentials[ref.provider];
      try {
        await client.close(ref, { credential });
      } catch (error) {
        throw asSessionError(error);
      }
      // Watchers of this session should not wait a whole interval to see it closed.
      ctx.hub.pokeNow(sessionPollKey(ref, credential));
      ctx.sessionLoader.clear(ref);
      try {
        return await ctx.sessionLoader.load(ref);
      } catch (error) {
        throw asSessionError(error, 'The session was closed, but reading it back failed: ');
      }
    },
  }),
);
