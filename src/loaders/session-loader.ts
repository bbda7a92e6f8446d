import DataLoader from 'dataloader';
import type { RequestDeadline } from '../security/request-deadline.js';
import type { Provider } from '../upstreams/provider.js';
import { refKey, type SessionRef } from '../upstreams/session-ref.js';
import type { AnySession, SessionClients } from '../upstreams/upstreams.js';

/**
 * One loader per request, closing over that request's credentials. The providers have no batch
 * endpoint, so a batch is the set of distinct refs fetched concurrently; each pool's connection
 * limit bounds how many run at once per provider. A failed ref yields its own Error. The deadline
 * is read when the batch runs, once the operation has started it.
 */
export function createSessionLoader(
  clients: SessionClients,
  credentials: Readonly<Record<Provider, string>>,
  deadline?: RequestDeadline,
): DataLoader<SessionRef, AnySession, string> {
  return new DataLoader<SessionRef, AnySession, string>(
    (refs) =>
      Promise.all(
        refs.map((ref) =>
          (clients[ref.provider].get(ref, { credential: credentials[ref.provider], signal: deadline?.signal, purpose: 'query' }) as Promise<AnySession>).catch((error: unknown) =>
            error instanceof Error ? error : new Error(String(error)),
          ),
        ),
      ),
    { cacheKeyFn: refKey },
  );
}
