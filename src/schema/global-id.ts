import type { Provider } from '../upstreams/provider.js';
import { validateRef, type SessionRef } from '../upstreams/session-ref.js';
import { invalidInput } from '../upstreams/upstream-error.js';

/** The GraphQL object type for each provider; a global id names it so `node(id)` knows where to look. */
export const SESSION_TYPE_NAMES = {
  DEEPSET: 'DeepsetUploadSession',
  PARADIGM: 'ParadigmUploadSession',
  PING: 'PingVpnSession',
  KADOA: 'KadoaCrawlSession',
} as const satisfies Record<Provider, string>;

const PROVIDER_BY_TYPE = new Map<string, Provider>(Object.entries(SESSION_TYPE_NAMES).map(([p, t]) => [t, p as Provider]));

const MAX_ID_LENGTH = 512;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Relay global id: base64 of `<TypeName>:<coordinates>`, where deepset's coordinates are `<workspace>/<session_id>`. */
export function encodeSessionId(ref: SessionRef): string {
  const coordinates = ref.provider === 'DEEPSET' ? `${ref.workspace}/${ref.sessionId}` : ref.sessionId;
  return Buffer.from(`${SESSION_TYPE_NAMES[ref.provider]}:${coordinates}`, 'utf8').toString('base64');
}

/**
 * Decodes and validates a global id without calling anything. Every way it can be wrong (not
 * base64, an unknown type, bad coordinates) is INVALID_INPUT.
 */
export function decodeSessionId(id: string): SessionRef {
  if (id.length === 0 || id.length > MAX_ID_LENGTH || !BASE64.test(id)) throw invalidInput('The id is not a session id');
  const text = Buffer.from(id, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  const provider = colon > 0 ? PROVIDER_BY_TYPE.get(text.slice(0, colon)) : undefined;
  if (!provider) throw invalidInput('The id is not a session id');
  const coordinates = text.slice(colon + 1);
  let ref: SessionRef;
  if (provider === 'DEEPSET') {
    const slash = coordinates.indexOf('/');
    ref = { provider, workspace: coordinates.slice(0, Math.max(slash, 0)), sessionId: slash < 0 ? '' : coordinates.slice(slash + 1) };
  } else {
    ref = { provider, sessionId: coordinates };
  }
  return validateRef(ref);
}
