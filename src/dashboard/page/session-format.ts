import type { ErrorCode, SessionRowFragment } from '../gql/graphql.js';

export interface Problem {
  code: ErrorCode | string;
  message: string;
  retryInMs?: number | null;
}

type DocumentCounts = Extract<SessionRowFragment, { __typename: 'ParadigmUploadSession' }>['documentCounts'];

/** Paradigm's per-status counts, in pipeline order, as people read them. */
const DOCUMENT_STATUSES: readonly [Exclude<keyof DocumentCounts, 'total'>, string][] = [
  ['pending', 'pending'],
  ['parsing', 'parsing'],
  ['embedding', 'embedding'],
  ['updating', 'updating'],
  ['embedded', 'embedded'],
  ['parsingFailed', 'parsing failed'],
  ['embeddingFailed', 'embedding failed'],
  ['fail', 'failed'],
  ['withoutStatus', 'without status'],
];

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Int64 counters arrive as decimal strings so no digit is lost; one decimal is plenty on screen. */
export function formatBytes(digits: string | null): string {
  if (digits === null) return '?';
  let value = BigInt(digits);
  let unit = 0;
  let tenths = 0n;
  while (value >= 1024n && unit < BYTE_UNITS.length - 1) {
    tenths = ((value % 1024n) * 10n) / 1024n;
    value /= 1024n;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value}.${tenths} ${BYTE_UNITS[unit]}`;
}

export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/** What each provider reports about how far along a session is. */
export function progressText(session: SessionRowFragment): string {
  switch (session.__typename) {
    case 'DeepsetUploadSession': {
      const { finishedFiles, failedFiles } = session.ingestionStatus;
      return `${plural(finishedFiles, 'file')} ingested${failedFiles > 0 ? `, ${failedFiles} failed` : ''}`;
    }
    case 'ParadigmUploadSession': {
      const counts = session.documentCounts;
      const parts = DOCUMENT_STATUSES.filter(([key]) => counts[key] > 0).map(([key, label]) => `${counts[key]} ${label}`);
      return `${plural(counts.total, 'document')}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
    }
    case 'PingVpnSession': {
      const connected = session.duration === null ? '' : ` · connected ${formatDuration(session.duration)}`;
      return `sent ${formatBytes(session.uploadedBytes)} · received ${formatBytes(session.downloadedBytes)}${connected}`;
    }
    case 'KadoaCrawlSession': {
      const pages = session.crawledPages === null ? 'pages crawled: unknown' : `${plural(session.crawledPages, 'page')} crawled`;
      return session.error === null ? pages : `${pages} · ${session.error}`;
    }
  }
}

/** The health of a session's upstream, from the latest event. */
export function upstreamText(degraded: Problem | null, failed: Problem | null): string {
  if (failed) return `Failed: ${failed.code}. ${failed.message}`;
  if (degraded) {
    const retry = degraded.retryInMs == null ? '' : ` Retrying in ${Math.max(1, Math.round(degraded.retryInMs / 1000))} s.`;
    return `Upstream down: ${degraded.code}.${retry}`;
  }
  return 'OK';
}
