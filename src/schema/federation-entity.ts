import type { GatewayContext } from '../context.js';
import type { Provider } from '../upstreams/provider.js';
import type { AnySession } from '../upstreams/upstreams.js';
import { invalidInput } from '../upstreams/upstream-error.js';
import { decodeSessionId, SESSION_TYPE_NAMES } from './global-id.js';

/** What a supergraph sends for one of our entities: the key fields and the type it asks for. */
interface Representation {
  __typename?: unknown;
  id?: unknown;
}

async function loadReference(reference: Representation, ctx: GatewayContext, provider: Provider | undefined): Promise<AnySession> {
  if (typeof reference.id !== 'string') throw invalidInput('A session representation needs its global id as `id`');
  const ref = decodeSessionId(reference.id);
  if (provider && ref.provider !== provider) throw invalidInput(`The id is not a ${SESSION_TYPE_NAMES[provider]} id`, provider);
  return ctx.sessionLoader.load(ref);
}

/**
 * Makes a type a Federation entity keyed by the global id: `@key(fields: "id")` for the SDL, and
 * the `resolveReference` that @apollo/subgraph's `_entities` resolver calls. A representation
 * loads through the request's session loader like any root field, so the same id asked for twice
 * costs one upstream call; a typed one must carry an id of its own type (a Ping id sent as a
 * `DeepsetUploadSession` is refused before anything is fetched). `provider` is omitted for the
 * `Session` interface, whose representations may be of any provider.
 */
export function sessionEntity(provider?: Provider) {
  return {
    directives: { key: { fields: 'id' } },
    extensions: {
      apollo: { subgraph: { resolveReference: (reference: Representation, ctx: GatewayContext) => loadReference(reference, ctx, provider) } },
    },
  } as const;
}
