import { nullable, object, optional, required, string } from '../decode.js';

/** What Kadoa answers to pause and resume: a message, the session, and an error if any. */
export interface KadoaCrawlCommandResult {
  sessionId: string;
  message: string;
  /** A 200 may still carry an error message; the caller decides what it means for its command. */
  error: string | null;
}

export interface KadoaCrawlStarted extends KadoaCrawlCommandResult {
  /** The crawl configuration "Start crawl" created alongside the session; optional in the contract. */
  configId: string | null;
}

/** Decodes `PauseCrawlerSessionResponse` and `ResumeCrawlerSessionResponse`, which are the same three required fields. */
export function decodeKadoaCrawlCommandResult(json: unknown): KadoaCrawlCommandResult {
  const body = object(json, '$');
  return {
    sessionId: required(body, 'sessionId', string, '$'),
    message: required(body, 'message', string, '$'),
    error: required(body, 'error', nullable(string), '$'),
  };
}

/** Decodes `StartCrawlerSessionResponse`: the same, plus `configId`. */
export function decodeKadoaCrawlStarted(json: unknown): KadoaCrawlStarted {
  const result = decodeKadoaCrawlCommandResult(json);
  return { ...result, configId: optional(object(json, '$'), 'configId', string, '$', null) };
}
