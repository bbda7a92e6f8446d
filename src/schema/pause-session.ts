import { builder } from '../builder.js';
import { invalidateSession, type GatewayContext } from '../context.js';
import { providerName } from '../upstreams/provider.js';
import { UpstreamError } from '../upstreams/upstream-error.js';
import type { AnySession } from '../upstreams/upstreams.js';
import { sessionOrFailure, sessionResultType } from './errors.js';
import { decodeSessionId } from './global-id.js';
import { readBack } from './read-back.js';
import { upstreamCallOptions } from './upstream-call-options.js';

type Command = 'pause' | 'resume';

/** Pauses or resumes upstream, then re-reads the session so the answer shows its effect. */
async function commandAndReread(ctx: GatewayContext, id: string, command: Command): Promise<AnySession> {
  const ref = decodeSessionId(id);
  const lifecycle = ctx.upstreams.lifecycle[ref.provider];
  if (!('pause' in lifecycle)) {
    throw new UpstreamError('PAUSE_NOT_SUPPORTED', ref.provider, `${providerName(ref.provider)} sessions cannot be paused or resumed: its API has no such endpoint`);
  }
  await lifecycle[command](ref, upstreamCallOptions(ctx, ref.provider, 'mutation'));
  // Watchers of this session should not wait a whole interval to see the change, nor readers a cache's TTL.
  invalidateSession(ctx, ref);
  return readBack(ctx, ref, `${command}d`);
}

const COMMANDS = {
  pause: {
    field: 'pauseSession',
    result: 'PauseSession',
    description:
      'Pauses a session upstream and returns it as re-read after. Kadoa crawls and Ping VPN sessions can pause; deepset and Paradigm return PauseNotSupportedError. Pausing a session that is not running is InvalidInputError (the provider refused it). Never retried.',
  },
  resume: {
    field: 'resumeSession',
    result: 'ResumeSession',
    description:
      'Resumes a paused session upstream and returns it as re-read after. Kadoa and Ping only; deepset and Paradigm return PauseNotSupportedError. Resuming a session that is not paused is InvalidInputError. Never retried.',
  },
} as const;

for (const command of ['pause', 'resume'] as const) {
  const { field, result, description } = COMMANDS[command];
  const Result = sessionResultType(result);
  builder.mutationField(field, (t) =>
    t.field({
      type: Result,
      description,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, { id }, ctx) => sessionOrFailure(() => commandAndReread(ctx, String(id), command)),
    }),
  );
}
