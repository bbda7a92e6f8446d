import { providerName, type Provider } from './provider.js';
import { UpstreamError } from './upstream-error.js';

/** Where a session lives upstream: everything needed to build its URL, and nothing else. */
export type SessionRef =
  | { provider: 'DEEPSET'; workspace: string; sessionId: string }
  | { provider: 'PARADIGM' | 'PING' | 'KADOA'; sessionId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** deepset workspace names: letters, digits, `_` and `-`. No dots, slashes or percent signs can reach a path. */
const WORKSPACE = /^[A-Za-z0-9_-]{1,100}$/;
/** Opaque ids (Ping, Kadoa): URL-safe characters, not starting with a dot, so `.` and `..` are impossible. */
const OPAQUE_ID = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,127}$/;

/**
 * Validates a ref before any call is made, so that a hostile id is refused here with
 * INVALID_INPUT rather than sent upstream. Paths are still percent-encoded by the clients.
 */
export function validateRef(ref: SessionRef): SessionRef {
  const name = providerName(ref.provider);
  const fail = (what: string) => {
    throw new UpstreamError('INVALID_INPUT', ref.provider, `${what} is not a valid ${name} ${ref.provider === 'DEEPSET' ? 'workspace/session' : 'session'} id`);
  };
  switch (ref.provider) {
    case 'DEEPSET':
      if (!WORKSPACE.test(ref.workspace)) fail('The workspace name');
      if (!UUID.test(ref.sessionId)) fail('The session id');
      // UUIDs compare case-insensitively; one spelling keeps cache and poller keys from splitting.
      return { ...ref, sessionId: ref.sessionId.toLowerCase() };
    case 'PARADIGM':
      if (!UUID.test(ref.sessionId)) fail('The upload session uuid');
      return { ...ref, sessionId: ref.sessionId.toLowerCase() };
    case 'PING':
    case 'KADOA':
      if (!OPAQUE_ID.test(ref.sessionId)) fail('The session id');
      return ref;
  }
}

/** A stable string for a validated ref: DataLoader cache key, poller key prefix, global-id payload. */
export function refKey(ref: SessionRef): string {
  return ref.provider === 'DEEPSET' ? `${ref.provider}:${ref.workspace}/${ref.sessionId}` : `${ref.provider}:${ref.sessionId}`;
}

/** A deepset workspace name on its own (list and create take one without a session). */
export function validateWorkspace(workspace: string): string {
  if (!WORKSPACE.test(workspace)) throw new UpstreamError('INVALID_INPUT', 'DEEPSET', 'The workspace name is not a valid deepset Cloud workspace name');
  return workspace;
}

/** A ref read from an upstream list, or null when its id could not be sent back in a path (the list keeps its place). */
export function addressable(ref: SessionRef): SessionRef | null {
  try {
    return validateRef(ref);
  } catch {
    return null;
  }
}
