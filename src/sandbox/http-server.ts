import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { toJsonText } from './json-text.js';

/** A complete answer, built before anything is written so a fault can still reshape or delay it. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Undefined means the response has no body at all (204, and the contracts' body-less statuses). */
  body?: string;
}

export const JSON_CONTENT_TYPE = 'application/json';

export function jsonReply(status: number, value: unknown): Reply {
  return { status, headers: { 'content-type': JSON_CONTENT_TYPE }, body: toJsonText(value) };
}

/**
 * Builds a provider's `errorReply`: `body` gives its error shape, and `bodyless` lists the statuses its
 * contract documents without a body (besides 1xx, 204 and 304, which never have one).
 */
export function errorReplies(
  body: (status: number, message: string) => unknown,
  bodyless: readonly number[] = [],
): (status: number, message?: string) => Reply {
  return (status, message = STATUS_CODES[status] ?? `HTTP ${status}`) =>
    status < 200 || status === 204 || status === 304 || bodyless.includes(status)
      ? emptyReply(status)
      : jsonReply(status, body(status, message));
}

export function emptyReply(status: number): Reply {
  return { status, headers: {} };
}

export function withHeaders(reply: Reply, headers: Record<string, string>): Reply {
  return { ...reply, headers: { ...reply.headers, ...headers } };
}

/** Headers for `reply`, with an exact content-length so clients can tell a cut body from a whole one. */
export function replyHeaders(reply: Reply): Record<string, string | number> {
  return { ...reply.headers, 'content-length': Buffer.byteLength(reply.body ?? '') };
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, replyHeaders(reply));
  res.end(reply.body);
}

/** A percent-encoded path segment, decoded; undefined when absent or malformed (`%zz`). */
export function decodePathParam(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** The request body was larger than the cap; the caller answers 413. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/**
 * Reads the whole request body, refusing to buffer more than `limitBytes`. Past the cap the rest is
 * drained unread rather than destroying the request, so the caller can still answer 413.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limitBytes) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData).off('end', onEnd);
      req.resume();
      reject(new BodyTooLargeError(`request body over ${limitBytes} bytes`));
    };
    const onEnd = (): void => resolve(Buffer.concat(chunks));
    const onClose = (): void => reject(new Error('request closed before its body ended'));
    req.on('data', onData).once('end', onEnd).once('error', reject).once('close', onClose);
  });
}

/** Resolves true after `ms`, or false as soon as the response closes; the timer never outlives either. */
export function waitUnlessClosed(res: ServerResponse, ms: number): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(true);
    }, ms);
    res.once('close', onClose);
  });
}

/** Resolves true when the socket can take more, false when the response closed instead. */
export function drainedUnlessClosed(res: ServerResponse): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onDrain = (): void => {
      res.off('close', onClose);
      resolve(true);
    };
    const onClose = (): void => {
      res.off('drain', onDrain);
      resolve(false);
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

/** A request body read as JSON: `empty` when there was none, `invalid` when it did not parse. */
export type JsonBody = { kind: 'json'; value: unknown } | { kind: 'empty' } | { kind: 'invalid'; message: string };

export function parseJsonBody(raw: Buffer): JsonBody {
  if (raw.length === 0) return { kind: 'empty' };
  try {
    return { kind: 'json', value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch (error) {
    return { kind: 'invalid', message: (error as Error).message };
  }
}
