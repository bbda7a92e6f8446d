import type { ServerResponse } from 'node:http';
import type { Provider } from '../upstreams/provider.js';
import { drainedUnlessClosed, JSON_CONTENT_TYPE, jsonReply, replyHeaders, sendReply, waitUnlessClosed, withHeaders, type Reply } from './http-server.js';
import { toJsonText } from './json-text.js';
import type { ProviderApi } from './provider-api.js';

export type Fault =
  /** Answer `status` with the provider's own error body, plus `Retry-After` when given. */
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  /** Do the work, then wait `ms` before sending the headers. */
  | { kind: 'delayHeaders'; ms: number }
  /** Send the headers and half the real body, then wait `ms` before the rest. */
  | { kind: 'slowBody'; ms: number }
  /** Destroy the socket (TCP RST) without answering. */
  | { kind: 'reset' }
  /** 200 with a JSON content type and a body cut in half. */
  | { kind: 'invalidJson' }
  /** 200 with valid JSON that breaks the provider's response contract. */
  | { kind: 'contractViolation' }
  /** 200 with a contract-valid body of about `bytes` bytes, streamed in chunks without a content-length. */
  | { kind: 'hugeBody'; bytes: number };

export interface FaultOptions {
  /** How many of the provider's next requests get the fault. Default: every one until cleared. */
  times?: number;
  /**
   * Only requests whose path (as sent, with the base path and the query) includes this get the
   * fault; the others are answered as usual and don't count against `times`. Default: every path.
   */
  pathIncludes?: string;
}

export interface FaultSwitch {
  /** Replaces any fault already set for `provider`. */
  set(provider: Provider, fault: Fault, options?: FaultOptions): void;
  /** Clears one provider's fault, or every provider's. */
  clear(provider?: Provider): void;
}

export interface FaultTable extends FaultSwitch {
  /** The provider's fault, if one is set, for `respond` to draw against the request that just arrived. */
  take(provider: Provider): PendingFault | undefined;
}

/**
 * A fault not yet matched to a request. `respond` draws it with the request's path, which it reads
 * from the response it writes: a fault limited to some paths needs the path, and the provider server
 * hands over only the provider.
 */
export interface PendingFault {
  /** The fault when `path` matches, counting it against `times`; undefined otherwise. */
  draw(path: string): Fault | undefined;
}

export function createFaultTable(): FaultTable {
  const active = new Map<Provider, { fault: Fault; remaining: number; pathIncludes: string | undefined }>();
  return {
    set(provider, fault, { times = Number.POSITIVE_INFINITY, pathIncludes } = {}) {
      assertValidFault(fault);
      if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times > 0))) {
        throw new RangeError(`times must be a positive integer, got ${times}`);
      }
      if (pathIncludes === '') throw new RangeError('pathIncludes must not be empty; leave it out to match every path');
      active.set(provider, { fault: { ...fault }, remaining: times, pathIncludes });
    },
    clear(provider) {
      if (provider === undefined) active.clear();
      else active.delete(provider);
    },
    take(provider) {
      const entry = active.get(provider);
      if (entry === undefined) return undefined;
      return {
        draw(path) {
          if (entry.pathIncludes !== undefined && !path.includes(entry.pathIncludes)) return undefined;
          entry.remaining -= 1;
          if (entry.remaining <= 0) active.delete(provider);
          return entry.fault;
        },
      };
    },
  };
}

function assertValidFault(fault: Fault): void {
  const nonNegative = (name: string, value: number): void => {
    if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`${fault.kind}: ${name} must be >= 0, got ${value}`);
  };
  switch (fault.kind) {
    case 'status':
      if (!(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)) {
        throw new RangeError(`status: not an HTTP status: ${fault.status}`);
      }
      if (fault.retryAfterSeconds !== undefined) nonNegative('retryAfterSeconds', fault.retryAfterSeconds);
      return;
    case 'delayHeaders':
    case 'slowBody':
      return nonNegative('ms', fault.ms);
    case 'hugeBody':
      return nonNegative('bytes', fault.bytes);
    case 'reset':
    case 'invalidJson':
    case 'contractViolation':
      return;
  }
}

const HUGE_BODY_CHUNK = 'x'.repeat(64 * 1024);
const PADDING_MARKER = '__sandbox_padding__';

/**
 * Writes the answer to `res`, shaped by the fault `pending` draws for the request's path. Faults that
 * replace the answer never call `answer`, so a faulted PUT changes no state; the two delaying faults
 * deliver the real answer late.
 */
export async function respond(
  res: ServerResponse,
  api: ProviderApi,
  pending: PendingFault | undefined,
  answer: () => Promise<Reply>,
): Promise<void> {
  const fault = pending?.draw(res.req.url ?? '/');
  switch (fault?.kind) {
    case undefined:
      return sendReply(res, await answer());
    case 'status': {
      const retryAfter: Record<string, string> =
        fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(Math.ceil(fault.retryAfterSeconds)) };
      return sendReply(res, withHeaders(api.errorReply(fault.status), retryAfter));
    }
    case 'delayHeaders': {
      const reply = await answer();
      if (await waitUnlessClosed(res, fault.ms)) sendReply(res, reply);
      return;
    }
    case 'slowBody':
      return sendSlowly(res, await answer(), fault.ms);
    case 'reset':
      res.socket?.resetAndDestroy();
      return;
    case 'invalidJson': {
      const whole = toJsonText(api.paddedBody(''));
      return sendReply(res, { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: whole.slice(0, Math.floor(whole.length / 2)) });
    }
    case 'contractViolation':
      return sendReply(res, jsonReply(200, api.contractViolation()));
    case 'hugeBody':
      return streamHugeBody(res, api, fault.bytes);
  }
}

async function sendSlowly(res: ServerResponse, reply: Reply, ms: number): Promise<void> {
  const body = Buffer.from(reply.body ?? '');
  const half = Math.floor(body.length / 2);
  res.writeHead(reply.status, replyHeaders(reply));
  res.flushHeaders();
  res.write(body.subarray(0, half));
  if (await waitUnlessClosed(res, ms)) res.end(body.subarray(half));
}

async function streamHugeBody(res: ServerResponse, api: ProviderApi, bytes: number): Promise<void> {
  const [head = '', tail = ''] = toJsonText(api.paddedBody(PADDING_MARKER)).split(PADDING_MARKER);
  let remaining = Math.max(0, bytes - Buffer.byteLength(head) - Buffer.byteLength(tail));
  res.writeHead(200, { 'content-type': JSON_CONTENT_TYPE });
  res.write(head);
  while (remaining > 0 && !res.destroyed) {
    const chunk = remaining >= HUGE_BODY_CHUNK.length ? HUGE_BODY_CHUNK : HUGE_BODY_CHUNK.slice(0, remaining);
    remaining -= chunk.length;
    if (!res.write(chunk) && !(await drainedUnlessClosed(res))) return;
  }
  if (!res.destroyed) res.end(tail);
}
