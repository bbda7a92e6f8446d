import { describe, expect, it } from 'vitest';
import type { SessionRowFragment } from '../../src/dashboard/gql/graphql.js';
import { formatBytes, progressText, upstreamText } from '../../src/dashboard/page/session-format.js';
import { progressBar, transferRate } from '../../src/dashboard/page/session-progress.js';

const common = { id: 'x', sessionId: 'x', state: 'PROCESSING', providerStatus: null, isTerminal: false, fetchedAt: '2025-01-01T09:00:00Z' } as const;
const counts = { total: 0, pending: 0, parsing: 0, parsingFailed: 0, embedding: 0, embeddingFailed: 0, embedded: 0, fail: 0, updating: 0, withoutStatus: 0 };

describe('session cells', () => {
  it.each([
    ['0', '0 B'],
    ['1023', '1023 B'],
    ['1536', '1.5 KiB'],
    ['1310720', '1.2 MiB'],
    // 2^53 + 1: read as a string and counted in BigInt, so no digit was lost on the way.
    ['9007199254740993', '8.0 PiB'],
    ['9223372036854775807', '7.9 EiB'],
  ])('shows %s bytes as %s', (digits, text) => {
    expect(formatBytes(digits)).toBe(text);
  });

  it.each<[string, SessionRowFragment, string]>([
    ['deepset', { ...common, __typename: 'DeepsetUploadSession', provider: 'DEEPSET', workspace: 'demo', deepsetStatus: 'CLOSED', ingestionStatus: { finishedFiles: 7, failedFiles: 2 } }, '7 files ingested, 2 failed'],
    ['paradigm', { ...common, __typename: 'ParadigmUploadSession', provider: 'PARADIGM', documentCounts: { ...counts, total: 4, parsing: 1, embedded: 2, embeddingFailed: 1 } }, '4 documents: 1 parsing, 2 embedded, 1 embedding failed'],
    ['ping', { ...common, __typename: 'PingVpnSession', provider: 'PING', duration: 5400, uploadedBytes: '73400320', downloadedBytes: null }, 'sent 70.0 MiB · received ? · connected 1 h 30 min'],
    ['kadoa', { ...common, __typename: 'KadoaCrawlSession', provider: 'KADOA', crawledPages: 1, finished: false, error: null }, '1 page crawled'],
    ['a failed kadoa crawl', { ...common, __typename: 'KadoaCrawlSession', provider: 'KADOA', crawledPages: 3, finished: true, error: 'Navigation timeout' }, '3 pages crawled · Navigation timeout'],
  ])('shows the progress of %s', (_name, session, text) => {
    expect(progressText(session)).toBe(text);
  });

  it('says when an upstream is down or a session failed for good', () => {
    expect(upstreamText(null, null)).toBe('OK');
    expect(upstreamText({ code: 'UPSTREAM_UNAVAILABLE', message: 'Kadoa answered 503', retryInMs: 1_600 }, null)).toBe('Upstream down: UPSTREAM_UNAVAILABLE. Retrying in 2 s.');
    expect(upstreamText(null, { code: 'NOT_FOUND', message: 'Kadoa answered 404 (NOT_FOUND)' })).toBe('Failed: NOT_FOUND. Kadoa answered 404 (NOT_FOUND)');
  });
});

describe('progress bars and rates', () => {
  const ping = (uploadedBytes: string | null, downloadedBytes: string, fetchedAt: string) => ({ uploadedBytes, downloadedBytes, fetchedAt });

  it('fills Paradigm’s bar against its document total, the only total a contract gives', () => {
    const session = { ...common, __typename: 'ParadigmUploadSession', provider: 'PARADIGM', documentCounts: { ...counts, total: 4, embedded: 3, pending: 1 } } as const;
    expect(progressBar(session)).toEqual({ value: 3, max: 4, label: '3 of 4 documents embedded' });
    expect(progressBar({ ...session, documentCounts: counts })).toBeNull();
  });

  it('leaves deepset’s and Kadoa’s bars without a total while they move, and fills them once done', () => {
    const crawl = { ...common, __typename: 'KadoaCrawlSession', provider: 'KADOA', crawledPages: 5, finished: false, error: null } as const;
    expect(progressBar(crawl)).toEqual({ value: 5, label: 'pages crawled' });
    expect(progressBar({ ...crawl, isTerminal: true, state: 'COMPLETED' })).toEqual({ value: 1, max: 1, label: 'pages crawled' });
    expect(progressBar({ ...crawl, isTerminal: true, state: 'FAILED' })).toBeNull();
    const upload = {
      ...common,
      __typename: 'DeepsetUploadSession',
      provider: 'DEEPSET',
      workspace: 'demo',
      deepsetStatus: 'CLOSED',
      ingestionStatus: { finishedFiles: 2, failedFiles: 0 },
    } as const;
    expect(progressBar(upload)).toEqual({ value: 2, label: 'files ingested' });
  });

  it('computes a VPN session’s transfer rate from two snapshots, in exact integers past 2^53', () => {
    expect(transferRate(ping('0', '9007199254740993', '2025-01-01T09:00:00Z'), ping('2048', '9007199254745089', '2025-01-01T09:00:02Z'))).toBe(
      '↑ 1.0 KiB/s · ↓ 2.0 KiB/s',
    );
    expect(transferRate(ping(null, '10', '2025-01-01T09:00:00Z'), ping('5', '5', '2025-01-01T09:00:01Z'))).toBe('↑ ? · ↓ ?');
    expect(transferRate(ping('0', '0', '2025-01-01T09:00:00Z'), ping('5', '5', '2025-01-01T09:00:00Z'))).toBeNull();
  });
});
