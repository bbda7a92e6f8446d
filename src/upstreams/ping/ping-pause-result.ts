import { boolean, object, optional, string } from '../decode.js';

/** Ping's answer to pause and resume. Both fields are optional as far as the stored pages show. */
export interface PingPauseResult {
  sessionId: string | null;
  /** Whether the session is paused now; null when the upstream leaves it out. */
  paused: boolean | null;
}

/** Decodes `sessions.PauseSessionResponse` and `sessions.ResumeSessionResponse`, which have the same two fields. */
export function decodePingPauseResult(json: unknown): PingPauseResult {
  const body = object(json, '$');
  return {
    sessionId: optional(body, 'session_id', string, '$', null),
    paused: optional(body, 'paused', boolean, '$', null),
  };
}
