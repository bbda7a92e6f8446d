import type { Provider } from './provider.js';
import type { SessionRef } from './session-ref.js';

/** The normalized lifecycle every provider's status is mapped onto (see each provider's table). */
export const SESSION_STATES = [
  'PENDING',
  'OPEN',
  'ACTIVE',
  'INACTIVE',
  'PROCESSING',
  'COMPLETED',
  'COMPLETED_WITH_ERRORS',
  'FAILED',
  'EXPIRED',
  'ENDED',
] as const;

export type SessionState = (typeof SESSION_STATES)[number];

export interface Lifecycle {
  state: SessionState;
  isTerminal: boolean;
}

/** Fields every decoded session carries, whatever its provider. */
export interface SessionCommon extends Lifecycle {
  provider: Provider;
  ref: SessionRef;
  /** The upstream's own id for the session. */
  sessionId: string;
  /** The upstream's own status word, verbatim; null where the contract has none. */
  providerStatus: string | null;
  fetchedAt: Date;
}
