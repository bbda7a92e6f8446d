import type { SessionProvider, SessionRowFragment } from '../gql/graphql.js';

/** The object type a global id names, as the gateway's src/schema/global-id.ts writes it (a test keeps the two equal). */
const TYPE_NAMES = {
  DEEPSET: 'DeepsetUploadSession',
  PARADIGM: 'ParadigmUploadSession',
  PING: 'PingVpnSession',
  KADOA: 'KadoaCrawlSession',
} as const satisfies Record<SessionProvider, SessionRowFragment['__typename']>;

const PROVIDER_BY_PREFIX: Readonly<Record<string, SessionProvider>> = { deepset: 'DEEPSET', paradigm: 'PARADIGM', ping: 'PING', kadoa: 'KADOA' };
const PROVIDER_BY_TYPE = new Map<string, SessionProvider>(Object.entries(TYPE_NAMES).map(([provider, type]) => [type, provider as SessionProvider]));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SessionEntry {
  /** The global id the gateway takes. */
  id: string;
  /** `provider:coordinates`, for people. */
  label: string;
}

export interface DemoSession extends SessionEntry {
  about: string;
}

export type ParsedInput = ({ ok: true } & SessionEntry) | { ok: false; input: string; problem: string };

function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/** The id is base64 of `<TypeName>:<coordinates>`; deepset's coordinates are `<workspace>/<session id>`. */
export function sessionEntry(provider: SessionProvider, coordinates: string): SessionEntry {
  return { id: base64(`${TYPE_NAMES[provider]}:${coordinates}`), label: `${provider.toLowerCase()}:${coordinates}` };
}

/** The sandbox's demo sessions (src/sandbox/demo-sessions.ts), offered as checkboxes. */
export const DEMO_SESSIONS: readonly DemoSession[] = [
  { ...sessionEntry('DEEPSET', 'demo/d0000000-0000-4000-8000-000000000001'), about: 'open upload session: close it to start ingestion' },
  { ...sessionEntry('DEEPSET', 'demo/d0000000-0000-4000-8000-000000000002'), about: 'closed, ingesting files, then expires' },
  { ...sessionEntry('DEEPSET', 'demo/d0000000-0000-4000-8000-000000000003'), about: 'expired' },
  { ...sessionEntry('PARADIGM', 'a0000000-0000-4000-8000-000000000001'), about: 'documents moving through parsing and embedding' },
  { ...sessionEntry('PARADIGM', 'a0000000-0000-4000-8000-000000000002'), about: 'done, one document failed' },
  { ...sessionEntry('PING', 'vpn-demo-1'), about: 'VPN session connecting, then moving bytes' },
  { ...sessionEntry('PING', 'vpn-demo-2'), about: 'disconnected, with a 64-bit byte counter' },
  { ...sessionEntry('KADOA', 'crawl-demo-1'), about: 'crawl that finishes after 8 pages' },
  { ...sessionEntry('KADOA', 'crawl-demo-2'), about: 'failed crawl' },
];

function fromCoordinates(provider: SessionProvider, coordinates: string): ParsedInput {
  const input = `${provider.toLowerCase()}:${coordinates}`;
  if (provider === 'DEEPSET') {
    const slash = coordinates.indexOf('/');
    const sessionId = coordinates.slice(slash + 1);
    if (slash <= 0 || !UUID.test(sessionId)) return { ok: false, input, problem: 'deepset coordinates are <workspace>/<session id (a UUID)>' };
    // The gateway lowercases UUIDs in the ids it returns; doing the same keeps updates matched to rows.
    return { ok: true, ...sessionEntry(provider, `${coordinates.slice(0, slash)}/${sessionId.toLowerCase()}`) };
  }
  if (provider === 'PARADIGM') {
    if (!UUID.test(coordinates)) return { ok: false, input, problem: 'a Paradigm upload session id is a UUID' };
    return { ok: true, ...sessionEntry(provider, coordinates.toLowerCase()) };
  }
  if (coordinates === '') return { ok: false, input, problem: 'the session id is missing' };
  return { ok: true, ...sessionEntry(provider, coordinates) };
}

function fromGlobalId(id: string): ParsedInput {
  const problem = { ok: false, input: id, problem: 'neither a global id nor provider:coordinates (e.g. kadoa:crawl-demo-1)' } as const;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(id), (c) => c.charCodeAt(0)));
  } catch {
    return problem;
  }
  const colon = text.indexOf(':');
  const provider = PROVIDER_BY_TYPE.get(text.slice(0, colon));
  return provider === undefined ? problem : { ok: true, id, label: `${provider.toLowerCase()}:${text.slice(colon + 1)}` };
}

/** What a person pasted: global ids or `provider:coordinates`, separated by commas or lines, as the label says. */
export function parseSessionInputs(text: string): ParsedInput[] {
  return text
    .split(/[,\r\n]+/)
    .map((token) => token.trim())
    .filter((token) => token !== '')
    .map((token) => {
      const colon = token.indexOf(':');
      const provider = colon > 0 ? PROVIDER_BY_PREFIX[token.slice(0, colon).toLowerCase()] : undefined;
      return provider === undefined ? fromGlobalId(token) : fromCoordinates(provider, token.slice(colon + 1));
    });
}
