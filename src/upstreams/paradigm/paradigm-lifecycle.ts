import { contractChecked, object, required, uuid } from '../decode.js';
import type { SendUpstream } from '../http/send-upstream.js';
import type { CallOptions } from '../session-client.js';
import { decodeParadigmSession, type ParadigmUploadSession } from './paradigm-session.js';
import { paradigmSpec } from './paradigm-spec.js';

/** The pipelines `ingestion_pipeline` lists in its description (the contract gives them no enum). */
export const PARADIGM_INGESTION_PIPELINES = ['v1.0', 'v2.1', 'v2.1.1', 'v2.2', 'v2.2.1', 'v3.0'] as const;
export type ParadigmIngestionPipeline = (typeof PARADIGM_INGESTION_PIPELINES)[number];

/** Creating a Paradigm upload session; the contract documents any 2xx with the new session as its body. */
export function createParadigmLifecycle(send: SendUpstream, now: () => Date) {
  return {
    /** Never retried: a second POST creates a second session. */
    async createUploadSession(input: { ingestionPipeline: ParadigmIngestionPipeline | null }, options: CallOptions): Promise<ParadigmUploadSession> {
      const body = JSON.stringify(input.ingestionPipeline === null ? {} : { ingestion_pipeline: input.ingestionPipeline });
      const response = await send(
        { method: 'POST', path: '/api/v2/upload-session', idempotent: false, headers: { accept: 'application/json', ...paradigmSpec.authHeaders(options.credential) }, body },
        options,
      );
      return contractChecked('PARADIGM', () => {
        // The ref is built from the body's own uuid, which the session decoder then reads again.
        const id = required(object(response.json, '$'), 'uuid', uuid, '$').toLowerCase();
        return decodeParadigmSession(response.json, { provider: 'PARADIGM', sessionId: id }, now());
      });
    },
  };
}
