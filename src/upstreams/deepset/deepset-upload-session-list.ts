import { array, boolean, dateTime, integer, nullable, object, oneOf, optional, required, string, uuid, type Decoder } from '../decode.js';
import { DEEPSET_STATUSES, DEEPSET_WRITE_MODES, type DeepsetStatus, type DeepsetWriteMode } from './deepset-session.js';

/** One item of "Get Upload Sessions": who created it and when, but no ingestion counters (those need the single read). */
export interface DeepsetUploadSessionListItem {
  /** Optional in the contract; null when left out, and then the item cannot be read on its own. */
  sessionId: string | null;
  createdAt: Date;
  createdBy: { userId: string; givenName: string; familyName: string };
  expiresAt: Date | null;
  status: DeepsetStatus;
  writeMode: DeepsetWriteMode;
}

export interface DeepsetUploadSessionList {
  items: DeepsetUploadSessionListItem[];
  hasMore: boolean;
  /** Sessions across all pages, as the upstream counts them. */
  total: number;
}

const decodeItem: Decoder<DeepsetUploadSessionListItem> = (value, path) => {
  const item = object(value, path);
  const createdBy = required(item, 'created_by', object, path);
  const byPath = `${path}.created_by`;
  return {
    sessionId: optional(item, 'session_id', uuid, path, null),
    createdAt: required(item, 'created_at', dateTime, path),
    createdBy: {
      userId: required(createdBy, 'user_id', string, byPath),
      givenName: required(createdBy, 'given_name', string, byPath),
      familyName: required(createdBy, 'family_name', string, byPath),
    },
    expiresAt: optional(item, 'expires_at', nullable(dateTime), path, null),
    status: optional(item, 'status', oneOf(DEEPSET_STATUSES), path, 'OPEN' as const),
    writeMode: optional(item, 'write_mode', oneOf(DEEPSET_WRITE_MODES), path, 'KEEP' as const),
  };
};

/** Decodes `PaginatedSession`, the answer of `GET …/upload_sessions?limit&page_number&is_expired`. */
export function decodeDeepsetUploadSessionList(json: unknown): DeepsetUploadSessionList {
  const body = object(json, '$');
  return {
    items: required(body, 'data', array(decodeItem), '$'),
    hasMore: required(body, 'has_more', boolean, '$'),
    total: required(body, 'total', integer, '$'),
  };
}
