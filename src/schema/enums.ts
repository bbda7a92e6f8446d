import { builder } from '../builder.js';
import { PROVIDERS } from '../upstreams/provider.js';
import { SESSION_STATES } from '../upstreams/session-state.js';

/** Enum values for a provider's lower-case status words: named in upper case, the words themselves their values. */
export function upperCaseValues<S extends string>(statuses: readonly S[]) {
  return Object.fromEntries(statuses.map((s) => [s.toUpperCase(), { value: s }])) as Record<Uppercase<S>, { value: S }>;
}

export const SessionProviderEnum = builder.enumType('SessionProvider', {
  description: 'The upstream platform a session lives on.',
  values: PROVIDERS,
});

export const SessionStateEnum = builder.enumType('SessionState', {
  description: 'The normalized lifecycle state. Each provider maps its own status onto it; see the README for the tables.',
  values: {
    PENDING: { description: 'Created, not started yet.' },
    OPEN: { description: 'Open for input (uploads).' },
    ACTIVE: { description: 'Running (a connected VPN session).' },
    INACTIVE: {
      description:
        'Not running now, and may run again (a disconnected VPN session: paused, or with no client connected; Ping does not say whether it will connect again). Not terminal.',
    },
    PROCESSING: { description: 'Working through its input (ingestion, crawling, document processing).' },
    COMPLETED: { description: 'Finished, with nothing failed. Terminal.' },
    COMPLETED_WITH_ERRORS: { description: 'Finished, with some items failed. Terminal.' },
    FAILED: { description: 'Finished with an error. Terminal.' },
    EXPIRED: { description: 'Expired before or after use. Terminal.' },
    ENDED: {
      description: 'Ended for good. Terminal.',
      deprecationReason: "No provider maps to it: a disconnected VPN session is INACTIVE, since Ping's status cannot tell a paused session from an ended one.",
    },
  } satisfies Record<(typeof SESSION_STATES)[number], { description: string; deprecationReason?: string }>,
});
