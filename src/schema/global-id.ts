import type { Provider } from '../upstreams/provider.js';
import { validateRef, type SessionRef } from '../upstreams/session-ref.js';
import { invalidInput, UpstreamError } from '../upstreams/upstream-error.js';

/** The GraphQL object type for each provider; a global id names it so `node(id)` knows where to look. */
export const SESSION_TYPE_NAMES = {
  DEEPSET: 'DeepsetUploadSession',
  PARADIGM: 'ParadigmUploadSession',
  PING: 'PingVpnSession',
  KADOA: 'KadoaCrawlSession',
} as const satisfies Record<Provider, string>;

const PROVIDER_BY_TYPE = new Map<string, Provider>(Object.entries(SESSION_TYPE_NAMES).map(([p, t]) => [t, p as Provider]));

const PROVIDER_BY_PREFIX = new Map<string, Provider>(Object.keys(SESSION_TYPE_NAMES).map((p) => [p.toLowerCase(), p as Provider]));

const MAX_ID_LENGTH = 512;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** What every refusal of an id ends with, so a client learns the forms from its first mistake. */
export const ID_FORMS_HINT =
  'expected a global id as returned in `id` (base64 of `<TypeName>:<coordinates>`), or `<provider>:<coordinates>`: ' +
  '`deepset:<workspace>/<session uuid>`, `paradigm:<uuid>`, `ping:<id>`, `kadoa:<id>` (e.g. `kadoa:crawl-demo-1`)';

function refused(what: string, provider: Provider | null = null): never {
  throw invalidInput(`${what}: ${ID_FORMS_HINT}`, provider);
}

/** Relay global id: base64 of `<TypeName>:<coordinates>`, where deepset's coordinates are `<workspace>/<session_id>`. */
export function encodeSessionId(ref: SessionRef): string {
  const coordinates = ref.provider === 'DEEPSET' ? `${ref.workspace}/${ref.sessionId}` : ref.sessionId;
  return Buffer.from(`${SESSION_TYPE_NAMES[ref.provider]}:${coordinates}`, 'utf8').toString('base64');
}

/**
 * Decodes and validates a session id without calling anything. Two forms name a session: the
 * global id the API returns, and `<provider>:<coordinates>`, which people type (base64 has no
 * colon, so the two never overlap). Every way an id can be wrong is INVALID_INPUT, with a hint.
 */
export function decodeSessionId(id: string): SessionRef {
  if (id.length === 0 || id.length > MAX_ID_LENGTH) refused('The id is not a session id');
  const colon = id.indexOf(':');
  if (colon >= 0) {
    const provider = PROVIDER_BY_PREFIX.get(id.slice(0, colon).toLowerCase());
    if (!provider) refused('The id names no provider');
    return refFromCoordinates(provider, id.slice(colon + 1));
  }
  if (!BASE64.test(id)) refused('The id is not a session id');
  const text = Buffer.from(id, 'base64').toString('utf8');
  const typeEnd = text.indexOf(':');
  const provider = typeEnd > 0 ? PROVIDER_BY_TYPE.get(text.slice(0, typeEnd)) : undefined;
  if (!provider) refused('The id is not a session id');
  return refFromCoordinates(provider, text.slice(typeEnd + 1));
}

function refFromCoordinates(provider: Provider, coordinates: string): SessionRef {
  const slash = coordinates.indexOf('/');
  if (provider === 'DEEPSET' && slash < 0) refused('A deepset id needs its workspace', provider);
  const ref: SessionRef =
    provider === 'DEEPSET' ? { provider, workspace: coordinates.slice(0, slash), sessionId: coordinates.slice(slash + 1) } : { provider, sessionId: coordinates };
  try {
    return validateRef(ref);
  } catch (error) {
    if (error instanceof UpstreamError) refused(error.message, provider);
    throw error;
  }
}
