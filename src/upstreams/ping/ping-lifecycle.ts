import { contractChecked } from '../decode.js';
import type { SendUpstream } from '../http/send-upstream.js';
import type { CallOptions } from '../session-client.js';
import type { SessionRef } from '../session-ref.js';
import { decodePingPauseResult } from './ping-pause-result.js';
import { pingSpec } from './ping-spec.js';

/** Pause and resume of a Ping VPN session: a PATCH without a body, never retried (a second pause answers 400). */
export function createPingLifecycle(send: SendUpstream) {
  const command = async (verb: 'pause' | 'resume', ref: SessionRef, options: CallOptions): Promise<void> => {
    const path = `/sessions/${encodeURIComponent(ref.sessionId)}/${verb}`;
    const response = await send({ method: 'PATCH', path, idempotent: false, headers: { accept: 'application/json', ...pingSpec.authHeaders(options.credential) } }, options);
    contractChecked('PING', () => decodePingPauseResult(response.json));
  };
  return {
    pause: (ref: SessionRef, options: CallOptions) => command('pause', ref, options),
    resume: (ref: SessionRef, options: CallOptions) => command('resume', ref, options),
  };
}
