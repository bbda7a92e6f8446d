import { describe, expect, it } from 'vitest';
import { ContractViolation } from '../../src/upstreams/decode.js';
import { decodeDeepsetSession, DEEPSET_LIFECYCLE } from '../../src/upstreams/deepset/deepset-session.js';
import { decodeKadoaSession, kadoaLifecycle } from '../../src/upstreams/kadoa/kadoa-session.js';
import { countDocuments, decodeParadigmSession, paradigmLifecycle, type ParadigmDocument } from '../../src/upstreams/paradigm/paradigm-session.js';
import { decodePingSession, PING_LIFECYCLE } from '../../src/upstreams/ping/ping-session.js';
import type { SessionRef } from '../../src/upstreams/session-ref.js';

const at = new Date('2026-01-01T00:00:00Z');
const deepsetRef: SessionRef = { provider: 'DEEPSET', workspace: 'demo', sessionId: 'd0000000-0000-4000-8000-000000000001' };
const paradigmRef: SessionRef = { provider: 'PARADIGM', sessionId: 'a0000000-0000-4000-8000-000000000001' };
const pingRef: SessionRef = { provider: 'PING', sessionId: 'vpn-1' };
const kadoaRef: SessionRef = { provider: 'KADOA', sessionId: 'crawl-1' };

describe('deepset decoder', () => {
  it('fills in the contract defaults when only the required fields are present', () => {
    expect(decodeDeepsetSession({ expires_at: null, ingestion_status: {} }, deepsetRef, at)).toEqual({
      provider: 'DEEPSET',
      ref: deepsetRef,
      workspace: 'demo',
      sessionId: deepsetRef.sessionId,
      status: 'OPEN',
      providerStatus: 'OPEN',
      state: 'OPEN',
      isTerminal: false,
      expiresAt: null,
      documentationUrl: 'https://docs.cloud.deepset.ai/docs/upload-files',
      ingestionStatus: { failedFiles: 0, finishedFiles: 0 },
      writeMode: 'KEEP',
      fetchedAt: at,
    });
  });

  it.each([
    ['missing expires_at', { ingestion_status: {} }, '$.expires_at'],
    ['missing ingestion_status', { expires_at: null }, '$.ingestion_status'],
    ['status outside the enum', { expires_at: null, ingestion_status: {}, status: 'DONE' }, '$.status'],
    ['a fractional counter', { expires_at: null, ingestion_status: { failed_files: 1.5 } }, '$.ingestion_status.failed_files'],
    ['a bad date', { expires_at: 'tomorrow', ingestion_status: {} }, '$.expires_at'],
    ['a non-uuid session_id', { expires_at: null, ingestion_status: {}, session_id: 'x' }, '$.session_id'],
    ['not an object', [], '$'],
  ])('rejects %s with a ContractViolation at its path', (_name, body, path) => {
    expect(() => decodeDeepsetSession(body, deepsetRef, at)).toThrowError(ContractViolation);
    try {
      decodeDeepsetSession(body, deepsetRef, at);
    } catch (error) {
      expect((error as ContractViolation).path).toBe(path);
    }
  });

  it('maps every status through one table: CLOSED keeps ingesting, EXPIRED is terminal', () => {
    expect(DEEPSET_LIFECYCLE).toEqual({
      OPEN: { state: 'OPEN', isTerminal: false },
      CLOSED: { state: 'PROCESSING', isTerminal: false },
      EXPIRED: { state: 'EXPIRED', isTerminal: true },
    });
  });
});

describe('paradigm decoder', () => {
  const doc = (status: ParadigmDocument['status']): ParadigmDocument => ({ id: 1, title: null, collection: null, status, updatedAt: at, workspace: null });

  it('decodes documents whose optional fields are absent', () => {
    const session = decodeParadigmSession(
      {
        uuid: paradigmRef.sessionId,
        is_valid: true,
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:01+02:00',
        documents: [{ id: 7, updated_at: '2026-01-01T00:00:00Z', workspace: null }],
      },
      paradigmRef,
      at,
    );
    expect(session.documents).toEqual([{ id: 7, title: null, collection: null, status: null, updatedAt: new Date('2026-01-01T00:00:00Z'), workspace: null }]);
    expect(session.documentCounts.withoutStatus).toBe(1);
    expect(session).toMatchObject({ state: 'PROCESSING', isTerminal: false, providerStatus: null });
  });

  it('derives the lifecycle from the documents', () => {
    const counts = (statuses: ParadigmDocument['status'][]) => countDocuments(statuses.map((s) => doc(s)));
    expect(paradigmLifecycle(true, counts([]))).toEqual({ state: 'OPEN', isTerminal: false });
    expect(paradigmLifecycle(false, counts([]))).toEqual({ state: 'EXPIRED', isTerminal: true });
    expect(paradigmLifecycle(true, counts(['embedded', 'parsing']))).toEqual({ state: 'PROCESSING', isTerminal: false });
    expect(paradigmLifecycle(false, counts(['embedding']))).toEqual({ state: 'PROCESSING', isTerminal: false });
    expect(paradigmLifecycle(true, counts(['embedded', 'embedded']))).toEqual({ state: 'COMPLETED', isTerminal: true });
    expect(paradigmLifecycle(true, counts(['embedded', 'fail']))).toEqual({ state: 'COMPLETED_WITH_ERRORS', isTerminal: true });
    expect(paradigmLifecycle(true, counts(['parsing_failed', 'embedding_failed']))).toEqual({ state: 'COMPLETED_WITH_ERRORS', isTerminal: true });
    expect(paradigmLifecycle(true, counts(['updating']))).toEqual({ state: 'PROCESSING', isTerminal: false });
    expect(paradigmLifecycle(true, counts([null]))).toEqual({ state: 'PROCESSING', isTerminal: false });
  });

  it('counts documents per status', () => {
    expect(countDocuments((['pending', 'embedded', 'embedded', 'fail', null] as const).map((s) => doc(s)))).toEqual({
      pending: 1,
      parsing: 0,
      parsing_failed: 0,
      embedding: 0,
      embedding_failed: 0,
      embedded: 2,
      fail: 1,
      updating: 0,
      total: 5,
      final: 3,
      failed: 1,
      withoutStatus: 1,
    });
  });

  it('rejects a document without its required workspace key', () => {
    expect(() =>
      decodeParadigmSession(
        { uuid: paradigmRef.sessionId, is_valid: true, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', documents: [{ id: 1, updated_at: '2026-01-01T00:00:00Z' }] },
        paradigmRef,
        at,
      ),
    ).toThrowError(/documents\[0\]\.workspace/);
  });
});

describe('ping decoder', () => {
  it('keeps 64-bit byte counters exact, reading the digits JSON.parse rounded', () => {
    const text = '{"client_id":"c","status":"connected","uploaded_bytes":18446744073709551,"downloaded_bytes":9007199254740993}';
    const session = decodePingSession(JSON.parse(text), text, pingRef, at);
    expect(session.uploadedBytes).toBe(18446744073709551n);
    expect(session.downloadedBytes).toBe(9007199254740993n);
    expect(session).toMatchObject({ state: 'ACTIVE', isTerminal: false, providerStatus: 'connected', duration: null });
  });

  it('treats the counters as optional', () => {
    const text = '{"client_id":"c","status":"created"}';
    expect(decodePingSession(JSON.parse(text), text, pingRef, at)).toMatchObject({ uploadedBytes: null, downloadedBytes: null, duration: null, state: 'PENDING' });
  });

  it('maps every status through one table; none is terminal, since a paused session is disconnected too', () => {
    expect(PING_LIFECYCLE).toEqual({
      created: { state: 'PENDING', isTerminal: false },
      connected: { state: 'ACTIVE', isTerminal: false },
      disconnected: { state: 'INACTIVE', isTerminal: false },
    });
  });

  it('rejects a missing client_id', () => {
    const text = '{"status":"created"}';
    expect(() => decodePingSession(JSON.parse(text), text, pingRef, at)).toThrowError(/client_id/);
  });
});

describe('kadoa decoder', () => {
  it.each([
    [{ sessionId: 's', error: null }, { payload: null, crawledPages: null, finished: null, state: 'PENDING', providerStatus: null }],
    [{ sessionId: 's', error: null, payload: null }, { payload: null, state: 'PENDING' }],
    [{ sessionId: 's', error: null, payload: 'free text' }, { payload: 'free text', crawledPages: null, state: 'PROCESSING' }],
    [{ sessionId: 's', error: null, payload: [1, 2] }, { payload: [1, 2], crawledPages: null, finished: null }],
    [{ sessionId: 's', error: null, payload: { crawledPages: '3', finished: 'yes' } }, { crawledPages: null, finished: null, state: 'PROCESSING' }],
    [{ sessionId: 's', error: null, payload: { crawledPages: -1 } }, { crawledPages: null }],
    [{ sessionId: 's', error: null, payload: { crawledPages: 4, finished: false, status: 'crawling' } }, { crawledPages: 4, finished: false, providerStatus: 'crawling', state: 'PROCESSING' }],
    [{ sessionId: 's', error: null, payload: { crawledPages: 9, finished: true } }, { state: 'COMPLETED', isTerminal: true }],
    [{ sessionId: 's', error: 'boom', payload: { finished: true } }, { error: 'boom', state: 'FAILED', isTerminal: true }],
  ])('never rejects a free-form payload: %j', (body, expected) => {
    expect(decodeKadoaSession(body, kadoaRef, at)).toMatchObject(expected);
  });

  it('requires sessionId and error', () => {
    expect(() => decodeKadoaSession({ error: null }, kadoaRef, at)).toThrowError(/sessionId/);
    expect(() => decodeKadoaSession({ sessionId: 's' }, kadoaRef, at)).toThrowError(/error/);
  });

  it('derives the lifecycle from error and finished', () => {
    expect(kadoaLifecycle('x', null, null)).toEqual({ state: 'FAILED', isTerminal: true });
    expect(kadoaLifecycle(null, {}, true)).toEqual({ state: 'COMPLETED', isTerminal: true });
    expect(kadoaLifecycle(null, {}, false)).toEqual({ state: 'PROCESSING', isTerminal: false });
    expect(kadoaLifecycle(null, null, null)).toEqual({ state: 'PENDING', isTerminal: false });
  });
});

describe('ping byte counters at the edges', () => {
  it('reads the last of repeated keys, as JSON.parse does', () => {
    const text = '{"client_id":"c","status":"connected","uploaded_bytes":1,"uploaded_bytes":9007199254740995}';
    expect(decodePingSession(JSON.parse(text), text, pingRef, at).uploadedBytes).toBe(9007199254740995n);
  });

  it('refuses a counter outside 64 bits as a contract violation, not a serialization error later', () => {
    const text = '{"client_id":"c","status":"connected","downloaded_bytes":99999999999999999999}';
    expect(() => decodePingSession(JSON.parse(text), text, pingRef, at)).toThrowError(ContractViolation);
  });
});
