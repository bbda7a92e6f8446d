import { array, boolean, dateTime, integer, nullable, object, oneOf, optional, required, string, uuid, type Decoder } from '../decode.js';
import type { SessionRef } from '../session-ref.js';
import type { Lifecycle, SessionCommon } from '../session-state.js';

export const PARADIGM_DOCUMENT_STATUSES = ['pending', 'parsing', 'parsing_failed', 'embedding', 'embedding_failed', 'embedded', 'fail', 'updating'] as const;
export type ParadigmDocumentStatus = (typeof PARADIGM_DOCUMENT_STATUSES)[number];

/** Per-document status table: a session is done when every document's status is final. */
export const PARADIGM_DOCUMENT_STATUS: Record<ParadigmDocumentStatus, { final: boolean; failed: boolean }> = {
  pending: { final: false, failed: false },
  parsing: { final: false, failed: false },
  embedding: { final: false, failed: false },
  updating: { final: false, failed: false },
  embedded: { final: true, failed: false },
  parsing_failed: { final: true, failed: true },
  embedding_failed: { final: true, failed: true },
  fail: { final: true, failed: true },
};

export interface ParadigmDocument {
  id: number;
  title: string | null;
  collection: number | null;
  /** Not required by the contract: null when the upstream leaves it out. */
  status: ParadigmDocumentStatus | null;
  updatedAt: Date;
  workspace: string | null;
}

export type ParadigmDocumentCounts = Record<ParadigmDocumentStatus, number> & {
  total: number;
  /** Documents in a final status (embedded or failed). */
  final: number;
  failed: number;
  withoutStatus: number;
};

export interface ParadigmUploadSession extends SessionCommon {
  provider: 'PARADIGM';
  uuid: string;
  isValid: boolean;
  createdAt: Date;
  updatedAt: Date;
  documents: ParadigmDocument[];
  documentCounts: ParadigmDocumentCounts;
}

const decodeDocument: Decoder<ParadigmDocument> = (value, path) => {
  const doc = object(value, path);
  return {
    id: required(doc, 'id', integer, path),
    title: optional(doc, 'title', nullable(string), path, null),
    collection: optional(doc, 'collection', nullable(integer), path, null),
    status: optional(doc, 'status', oneOf(PARADIGM_DOCUMENT_STATUSES), path, null),
    updatedAt: required(doc, 'updated_at', dateTime, path),
    workspace: required(doc, 'workspace', nullable(string), path),
  };
};

export function countDocuments(documents: readonly ParadigmDocument[]): ParadigmDocumentCounts {
  const counts = Object.fromEntries(PARADIGM_DOCUMENT_STATUSES.map((s) => [s, 0])) as Record<ParadigmDocumentStatus, number>;
  let final = 0;
  let failed = 0;
  let withoutStatus = 0;
  for (const { status } of documents) {
    if (status === null) {
      withoutStatus += 1;
      continue;
    }
    counts[status] += 1;
    if (PARADIGM_DOCUMENT_STATUS[status].final) final += 1;
    if (PARADIGM_DOCUMENT_STATUS[status].failed) failed += 1;
  }
  return { ...counts, total: documents.length, final, failed, withoutStatus };
}

/**
 * Paradigm has no session status word, so the lifecycle is derived: documents not all final ->
 * PROCESSING; all final -> COMPLETED (or COMPLETED_WITH_ERRORS if any failed); no documents yet ->
 * OPEN while valid, EXPIRED once not.
 */
export function paradigmLifecycle(isValid: boolean, counts: ParadigmDocumentCounts): Lifecycle {
  if (counts.total === 0) return isValid ? { state: 'OPEN', isTerminal: false } : { state: 'EXPIRED', isTerminal: true };
  if (counts.final < counts.total) return { state: 'PROCESSING', isTerminal: false };
  return { state: counts.failed > 0 ? 'COMPLETED_WITH_ERRORS' : 'COMPLETED', isTerminal: true };
}

/** Decodes `UploadSessionResponse`. */
export function decodeParadigmSession(json: unknown, ref: SessionRef, fetchedAt: Date): ParadigmUploadSession {
  const body = object(json, '$');
  const documents = required(body, 'documents', array(decodeDocument), '$');
  const isValid = required(body, 'is_valid', boolean, '$');
  const documentCounts = countDocuments(documents);
  const id = required(body, 'uuid', uuid, '$');
  return {
    provider: 'PARADIGM',
    ref,
    sessionId: id,
    uuid: id,
    providerStatus: null,
    ...paradigmLifecycle(isValid, documentCounts),
    isValid,
    createdAt: required(body, 'created_at', dateTime, '$'),
    updatedAt: required(body, 'updated_at', dateTime, '$'),
    documents,
    documentCounts,
    fetchedAt,
  };
}
