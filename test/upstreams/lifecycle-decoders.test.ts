import { describe, expect, it } from 'vitest';
import { ContractViolation } from '../../src/upstreams/decode.js';
import { decodeDeepsetUploadSessionCreated } from '../../src/upstreams/deepset/deepset-upload-session-created.js';
import { decodeDeepsetUploadSessionList } from '../../src/upstreams/deepset/deepset-upload-session-list.js';
import { decodeKadoaCrawlCommandResult, decodeKadoaCrawlStarted } from '../../src/upstreams/kadoa/kadoa-crawl-command.js';
import { decodeKadoaCrawlPages } from '../../src/upstreams/kadoa/kadoa-crawl-pages.js';
import { decodeKadoaCrawlSessionList } from '../../src/upstreams/kadoa/kadoa-crawl-session-list.js';
import { decodePingPauseResult } from '../../src/upstreams/ping/ping-pause-result.js';

const SECRET = 'secret-do-not-echo';

/** Runs `decode` and returns the ContractViolation's path, failing if it decoded or threw anything else. */
function violationPath(decode: () => unknown): string {
  try {
    decode();
  } catch (error) {
    if (!(error instanceof ContractViolation)) throw error;
    expect(error.message).not.toContain(SECRET);
    return error.path;
  }
  throw new Error('decoded a body that breaks the contract');
}

const user = { user_id: 'u-1', given_name: 'Ada', family_name: 'Lovelace' };

describe('deepset list decoder', () => {
  it('decodes items with the contract defaults for what they leave out', () => {
    expect(
      decodeDeepsetUploadSessionList({
        data: [
          { created_at: '2026-01-01T00:00:00Z', created_by: user },
          {
            created_at: '2026-01-02T00:00:00Z',
            created_by: user,
            session_id: 'd0000000-0000-4000-8000-000000000001',
            expires_at: null,
            status: 'CLOSED',
            write_mode: 'OVERWRITE',
          },
        ],
        has_more: true,
        total: 12,
      }),
    ).toEqual({
      items: [
        {
          sessionId: null,
          createdAt: new Date('2026-01-01T00:00:00Z'),
          createdBy: { userId: 'u-1', givenName: 'Ada', familyName: 'Lovelace' },
          expiresAt: null,
          status: 'OPEN',
          writeMode: 'KEEP',
        },
        {
          sessionId: 'd0000000-0000-4000-8000-000000000001',
          createdAt: new Date('2026-01-02T00:00:00Z'),
          createdBy: { userId: 'u-1', givenName: 'Ada', familyName: 'Lovelace' },
          expiresAt: null,
          status: 'CLOSED',
          writeMode: 'OVERWRITE',
        },
      ],
      hasMore: true,
      total: 12,
    });
  });

  it.each([
    ['no total', { data: [], has_more: false }, '$.total'],
    ['has_more as a string', { data: [], has_more: SECRET, total: 0 }, '$.has_more'],
    ['an item without its creator', { data: [{ created_at: '2026-01-01T00:00:00Z' }], has_more: false, total: 1 }, '$.data[0].created_by'],
    ['a creator without a name', { data: [{ created_at: '2026-01-01T00:00:00Z', created_by: { user_id: 'u', given_name: 'A' } }], has_more: false, total: 1 }, '$.data[0].created_by.family_name'],
    ['a status outside the enum', { data: [{ created_at: '2026-01-01T00:00:00Z', created_by: user, status: SECRET }], has_more: false, total: 1 }, '$.data[0].status'],
  ])('reports %s by its path, never its value', (_name, body, path) => {
    expect(violationPath(() => decodeDeepsetUploadSessionList(body))).toBe(path);
  });
});

describe('deepset created decoder', () => {
  const upload = { url: 'https://s3.example/bucket', fields: { key: 'k', 'x-amz-signature': SECRET } };

  it('keeps the id, expiry and docs link, and drops the presigned upload config', () => {
    const created = decodeDeepsetUploadSessionCreated({
      session_id: 'd0000000-0000-4000-8000-000000000009',
      expires_at: '2026-01-02T00:00:00Z',
      aws_prefixed_request_config: upload,
    });
    expect(created).toEqual({
      sessionId: 'd0000000-0000-4000-8000-000000000009',
      expiresAt: new Date('2026-01-02T00:00:00Z'),
      documentationUrl: 'https://docs.cloud.deepset.ai/docs/upload-files',
    });
    expect(JSON.stringify(created)).not.toContain(SECRET);
  });

  it.each([
    ['no upload config', { expires_at: '2026-01-02T00:00:00Z' }, '$.aws_prefixed_request_config'],
    ['no expiry', { aws_prefixed_request_config: upload }, '$.expires_at'],
    ['a field that is not a string', { expires_at: '2026-01-02T00:00:00Z', aws_prefixed_request_config: { url: 'u', fields: { [SECRET]: 1 } } }, '$.aws_prefixed_request_config.fields'],
  ])('reports %s by its path, never its value or key', (_name, body, path) => {
    expect(violationPath(() => decodeDeepsetUploadSessionCreated(body))).toBe(path);
  });
});

const pagination = { page: 2, pageSize: 10, totalItems: 11, totalPages: 2, hasMore: false };

describe('kadoa decoders', () => {
  it('decodes the session list, live stats absent or present', () => {
    const item = { sessionId: 's1', configId: 'c1', domain: 'example.org', startUrls: ['https://example.org'], userId: 'u1', createdAt: 'yesterday' };
    expect(decodeKadoaCrawlSessionList({ data: [item, { ...item, activeJobs: 1, waitingJobs: 2.5, crawledPages: 3, finished: false }], pagination })).toEqual({
      items: [
        { ...item, activeJobs: null, waitingJobs: null, crawledPages: null, finished: null },
        { ...item, activeJobs: 1, waitingJobs: 2.5, crawledPages: 3, finished: false },
      ],
      pagination,
    });
  });

  it('decodes pages with their error', () => {
    expect(decodeKadoaCrawlPages({ payload: [{ id: 'p1', url: 'https://example.org', status: 'DONE' }], pagination, sessionId: 's1', error: 'timeout' })).toEqual({
      sessionId: 's1',
      error: 'timeout',
      pages: [{ id: 'p1', url: 'https://example.org', status: 'DONE' }],
      pagination,
    });
  });

  it('decodes start, pause and resume answers; only start carries a configId', () => {
    expect(decodeKadoaCrawlStarted({ message: 'ok', sessionId: 's1', configId: 'c1', error: null })).toEqual({ message: 'ok', sessionId: 's1', configId: 'c1', error: null });
    expect(decodeKadoaCrawlStarted({ message: 'ok', sessionId: 's1', error: null })).toEqual({ message: 'ok', sessionId: 's1', configId: null, error: null });
    expect(decodeKadoaCrawlCommandResult({ message: 'paused', sessionId: 's1', error: null, configId: 7 })).toEqual({ message: 'paused', sessionId: 's1', error: null });
  });

  it.each([
    ['a list without pagination', () => decodeKadoaCrawlSessionList({ data: [] }), '$.pagination'],
    ['pagination without hasMore', () => decodeKadoaCrawlSessionList({ data: [], pagination: { ...pagination, hasMore: undefined } }), '$.pagination.hasMore'],
    ['a count as text', () => decodeKadoaCrawlSessionList({ data: [], pagination: { ...pagination, totalItems: SECRET } }), '$.pagination.totalItems'],
    ['an item without startUrls', () => decodeKadoaCrawlSessionList({ data: [{ sessionId: 's', configId: 'c', domain: 'd', userId: 'u', createdAt: 'x' }], pagination }), '$.data[0].startUrls'],
    ['a page status outside the enum', () => decodeKadoaCrawlPages({ payload: [{ id: 'p', url: 'u', status: SECRET }], pagination, sessionId: 's', error: null }), '$.payload[0].status'],
    ['pages without error', () => decodeKadoaCrawlPages({ payload: [], pagination, sessionId: 's' }), '$.error'],
    ['a start answer without a message', () => decodeKadoaCrawlStarted({ sessionId: 's', error: null }), '$.message'],
    ['a start answer with a numeric configId', () => decodeKadoaCrawlStarted({ message: 'm', sessionId: 's', error: null, configId: 1 }), '$.configId'],
  ])('reports %s by its path', (_name, decode, path) => {
    expect(violationPath(decode)).toBe(path);
  });
});

describe('ping pause decoder', () => {
  it('reads both fields, each optional', () => {
    expect([decodePingPauseResult({ session_id: 'vpn-1', paused: true }), decodePingPauseResult({})]).toEqual([
      { sessionId: 'vpn-1', paused: true },
      { sessionId: null, paused: null },
    ]);
  });

  it('reports a paused that is not a boolean by its path', () => {
    expect(violationPath(() => decodePingPauseResult({ paused: SECRET }))).toBe('$.paused');
  });
});
