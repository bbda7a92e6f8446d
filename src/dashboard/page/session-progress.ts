import type { SessionRowFragment } from '../gql/graphql.js';
import { formatBytes } from './session-format.js';

/** A bar: `max` where the contract gives a total; none where it does not, which shows as indeterminate while the session moves. */
export interface ProgressBar {
  value: number;
  max?: number;
  /** What the bar shows, for screen readers and the tooltip. */
  label: string;
}

/**
 * Only Paradigm's contract gives a total (its document counts). deepset's ingestion status and
 * Kadoa's free-form payload have none, so their bars fill only once the session has completed.
 */
export function progressBar(session: SessionRowFragment): ProgressBar | null {
  // Without a total, a bar can only say "still going" or "all done"; an expired or failed session is neither.
  if (session.isTerminal && session.state !== 'COMPLETED' && session.state !== 'COMPLETED_WITH_ERRORS' && session.__typename !== 'ParadigmUploadSession') return null;
  const done = session.isTerminal ? { max: 1, value: 1 } : {};
  switch (session.__typename) {
    case 'DeepsetUploadSession':
      return { value: session.ingestionStatus.finishedFiles, ...done, label: 'files ingested' };
    case 'ParadigmUploadSession': {
      const { total, embedded } = session.documentCounts;
      return total === 0 ? null : { value: embedded, max: total, label: `${embedded} of ${total} documents embedded` };
    }
    case 'KadoaCrawlSession':
      return session.crawledPages === null ? null : { value: session.crawledPages, ...done, label: 'pages crawled' };
    case 'PingVpnSession':
      return null;
  }
}

type PingSnapshot = Pick<Extract<SessionRowFragment, { __typename: 'PingVpnSession' }>, 'uploadedBytes' | 'downloadedBytes' | 'fetchedAt'>;

function perSecond(from: string | null, to: string | null, seconds: number): string {
  if (from === null || to === null) return '?';
  const delta = BigInt(to) - BigInt(from);
  // A counter that went down (a new session under the same id) says nothing about a rate.
  if (delta < 0n) return '?';
  return `${formatBytes(String((delta * 1000n) / BigInt(Math.round(seconds * 1000))))}/s`;
}

/** A VPN session's transfer rate between two snapshots, from its byte counters and when each was read. */
export function transferRate(previous: PingSnapshot, current: PingSnapshot): string | null {
  const seconds = (Date.parse(current.fetchedAt) - Date.parse(previous.fetchedAt)) / 1000;
  if (!(seconds > 0)) return null;
  return `↑ ${perSecond(previous.uploadedBytes, current.uploadedBytes, seconds)} · ↓ ${perSecond(previous.downloadedBytes, current.downloadedBytes, seconds)}`;
}
