import DataLoader from 'dataloader';
import type { PollerHub } from '../live/poller-hub.js';
import { sessionPollKey } from '../live/session-poll-target.js';
import type { SessionCaches } from '../upstreams/cache/session-caches.js';
import { credentialScope } from '../upstreams/credential.js';
import type { Provider } from '../upstreams/provider.js';
import { refKey, type SessionRef } from '../upstreams/session-ref.js';
import { UpstreamError } from '../upstreams/upstream-error.js';
import type { AnySession, SessionClients } from '../upstreams/upstreams.js';

export interface SessionLoaderDeps {
  clients: SessionClients;
  /** What reads may skip the provider for; none: every read is an upstream call. */
  caches?: SessionCaches;
  /** Live pollers whose fresh snapshot may answer a read. */
  hub?: Pick<PollerHub, 'freshSnapshot'>;
}

export interface SessionLoaderRequest {
  credentials: Readonly<Record<Provider, string>>;
  /** The request's client, hashed: the rate budget serves waiting clients in turn. */
  clientId?: string;
  /** Read when the batch runs, once the operation has started its deadline. */
  deadline?: { readonly signal: AbortSignal | undefined };
  /** Epoch ms the deadline passes at, at the latest. */
  deadlineAt?: number;
}

/**
 * One loader per request, closing over that request's credentials. The providers have no batch
 * endpoint, so a batch is the set of distinct refs fetched concurrently; each pool's connection
 * limit bounds how many run at once per provider. A failed ref yields its own Error. Before a
 * call, a ref is answered from what can't have changed since: a remembered 404, a terminal
 * session, or a live poller's snapshot younger than its interval (its fetchedAt is the poll's).
 */
export function createSessionLoader(deps: SessionLoaderDeps, request: SessionLoaderRequest): DataLoader<SessionRef, AnySession, string> {
  const { clients, caches, hub } = deps;
  // A failed ref answers its own Error, as DataLoader takes it, rather than rejecting: no catch per ref.
  const fetchOne = async (ref: SessionRef): Promise<AnySession | Error> => {
    const credential = request.credentials[ref.provider];
    const signal = request.deadline?.signal;
    const options = { credential, signal, purpose: 'query' as const, clientId: request.clientId, deadlineAt: signal ? request.deadlineAt : undefined };
    const scope = caches ? credentialScope(credential) : '';
    if (caches) {
      const gone = caches.notFound(scope, ref);
      if (gone) return gone;
      const terminal = caches.terminal<AnySession>(scope, ref);
      if (terminal) return terminal;
      const live = hub?.freshSnapshot<AnySession>(sessionPollKey(ref, credential));
      if (live) {
        caches.countSnapshotHit();
        return live.value;
      }
    }
    try {
      const session = (await clients[ref.provider].get(ref, options)) as AnySession;
      caches?.rememberSession(scope, session);
      return session;
    } catch (error) {
      if (error instanceof UpstreamError && error.code === 'NOT_FOUND') caches?.rememberNotFound(scope, ref, error);
      return error instanceof Error ? error : new Error(String(error));
    }
  };
  return new DataLoader<SessionRef, AnySession, string>(
    (refs) => Promise.all(refs.map(fetchOne)),
    { cacheKeyFn: refKey },
  );
}
