import { demoTime, type DemoSessions } from '../../sandbox/demo-sessions.js';
import { decodePathParam, errorReplies, jsonReply, parseJsonBody } from '../../sandbox/http-server.js';
import { isJsonObject } from '../decode.js';
import type { ProviderApi } from '../../sandbox/provider-api.js';

/** Paradigm is Django REST Framework: errors are `{"detail": ...}`, except the documented body-less 404. */
const paradigmError = errorReplies((_status, message) => ({ detail: message }), [404]);

export function createParadigmApi(demos: DemoSessions): ProviderApi {
  return {
    provider: 'PARADIGM',
    basePath: '',
    auth: { kind: 'bearer' },
    routes: [
      {
        // The contract documents only a 2xx; the sandbox answers 201, as a Django REST Framework create does.
        pattern: /^\/api\/v2\/upload-session$/,
        methods: {
          POST: async ({ body }) => {
            const parsed = parseJsonBody(await body());
            if (parsed.kind === 'invalid' || (parsed.kind === 'json' && !isJsonObject(parsed.value))) {
              return paradigmError(400, 'JSON parse error');
            }
            return jsonReply(201, demos.createParadigmSession());
          },
        },
      },
      {
        pattern: /^\/api\/v2\/upload-session\/(?<uuid>[^/]+)$/,
        methods: {
          GET: ({ params }) => {
            const session = demos.paradigmSession(decodePathParam(params.uuid) ?? '');
            return session === undefined ? paradigmError(404) : jsonReply(200, session);
          },
        },
      },
    ],
    errorReply: paradigmError,
    contractViolation: () => faultBody('exploded', null),
    paddedBody: (padding) => faultBody('pending', padding),
  };
}

/** Demo 0001 at tick 0 with its first document, in `status` and `workspace`: what the 200 faults build on. */
function faultBody(status: string, workspace: string | null): unknown {
  return {
    uuid: 'a0000000-0000-4000-8000-000000000001',
    is_valid: true,
    created_at: demoTime(0),
    updated_at: demoTime(0),
    documents: [{ id: 101, title: 'Quarterly report Q4.pdf', collection: 7, status, updated_at: demoTime(0), workspace }],
  };
}
