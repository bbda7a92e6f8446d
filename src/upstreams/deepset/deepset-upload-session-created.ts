import { ContractViolation, dateTime, object, optional, required, string, uuid } from '../decode.js';
import { DEFAULT_DOCUMENTATION_URL } from './deepset-session.js';

export interface DeepsetUploadSessionCreated {
  /** Optional in the contract; null when left out, which leaves the new session unaddressable. */
  sessionId: string | null;
  expiresAt: Date;
  documentationUrl: string;
}

/**
 * Decodes `UploadSession`, the 201 of "Create Upload Session". `aws_prefixed_request_config` is
 * checked but not kept: its presigned URL and fields let anyone holding them write into the
 * workspace, so they are a credential and never leave this decoder.
 */
export function decodeDeepsetUploadSessionCreated(json: unknown): DeepsetUploadSessionCreated {
  const body = object(json, '$');
  const upload = required(body, 'aws_prefixed_request_config', object, '$');
  required(upload, 'url', string, '$.aws_prefixed_request_config');
  const fields = required(upload, 'fields', object, '$.aws_prefixed_request_config');
  // The keys are upstream text too, so the path stops at `fields` rather than naming one.
  if (Object.values(fields).some((value) => typeof value !== 'string')) {
    throw new ContractViolation('$.aws_prefixed_request_config.fields', 'an object of strings');
  }
  return {
    sessionId: optional(body, 'session_id', uuid, '$', null),
    expiresAt: required(body, 'expires_at', dateTime, '$'),
    documentationUrl: optional(body, 'documentation_url', string, '$', DEFAULT_DOCUMENTATION_URL),
  };
}
