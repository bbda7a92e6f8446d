import type { Provider } from '../upstreams/provider.js';

/** One upstream resource to watch. Subscribers whose targets share a `key` share one poller. */
export interface PollTarget<T> {
  /**
   * Stable key: provider + upstream coordinates + a hash of the credential. The first
   * subscriber's target does the polling for everyone on the key, so two targets with the same
   * key must fetch the same thing.
   */
  key: string;
  provider: Provider;
  /** Fetch the current value once. Throws UpstreamError (or anything) on failure. The signal is aborted when the poller stops. */
  fetch(signal: AbortSignal): Promise<T>;
  /** Fingerprint of everything a subscriber can see (excluding volatile fields such as fetchedAt); equal fingerprints = no change. */
  fingerprint(value: T): string;
  isTerminal(value: T): boolean;
}
