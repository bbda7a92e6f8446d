/** starting: not listening yet; ready: taking traffic; draining: shutting down, finishing what it has. */
export type ReadinessState = 'starting' | 'ready' | 'draining';

export interface Readiness {
  readonly state: ReadinessState;
  /** The listener is up. */
  markReady(): void;
  /** Shutdown began; there is no way back. */
  markDraining(): void;
}

/**
 * Readiness is a fact this process already knows (listening, or draining), so a probe never
 * costs an upstream call: an upstream being down is reported per field, not by taking every
 * replica out of the load balancer at once.
 */
export function createReadiness(): Readiness {
  let state: ReadinessState = 'starting';
  return {
    get state() {
      return state;
    },
    markReady() {
      if (state === 'starting') state = 'ready';
    },
    markDraining() {
      state = 'draining';
    },
  };
}
