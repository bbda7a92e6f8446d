import { isJsonObject } from '../upstreams/decode.js';
import { PROVIDERS, type Provider } from '../upstreams/provider.js';
import { UPSTREAM_ERROR_CODES, UpstreamError, isUpstreamError, type UpstreamErrorCode } from '../upstreams/upstream-error.js';
import type { HubEvent } from './hub-event.js';
import { fromTaggedJson, toTaggedJson } from './tagged-json.js';

/** An error as it crosses between instances: what subscribers switch on, never a stack or a cause. */
interface WireError {
  /** Null for anything that was not an UpstreamError. */
  code: UpstreamErrorCode | null;
  provider: Provider | null;
  message: string;
  upstreamStatus: number | null;
  retryAfterMs: number | null;
}

/** One event as the cluster numbered it: `seq` grows by one per event of a key, within one `epoch` of the key's record. */
export interface SequencedEvent {
  epoch: string;
  seq: number;
  event: HubEvent<unknown>;
  /** Comes with each `value`. */
  fingerprint?: string;
}

/** What arrives on a key's channel. */
export type ChannelMessage = ({ kind: 'event' } & SequencedEvent) | { kind: 'poke' } | { kind: 'vacant' };

/** Asks the leader to poll now. */
export const POKE_MESSAGE = '{"kind":"poke"}';
/** The lease was released: a follower may take over now rather than at its next try. */
export const VACANT_MESSAGE = '{"kind":"vacant"}';

/**
 * The body of an event message: the event with its error flattened to a WireError, and the
 * value's fingerprint. The publish script wraps it as `{"kind":"event","seq":N,"epoch":"…","body":…}`.
 */
export function encodeEventBody(event: HubEvent<unknown>, fingerprint?: string): string {
  const wire = 'error' in event ? { ...event, error: errorToWire(event.error) } : event;
  return toTaggedJson({ fingerprint, event: wire });
}

/** Parses a channel message or a stored record. Throws on anything malformed: it came over the network. */
export function decodeChannelMessage(text: string): ChannelMessage {
  const message = fromTaggedJson(text);
  if (!isJsonObject(message)) throw new SyntaxError('a channel message must be an object');
  if (message.kind === 'poke' || message.kind === 'vacant') return { kind: message.kind };
  const { seq, epoch, body } = message;
  if (message.kind !== 'event' || !Number.isSafeInteger(seq) || typeof epoch !== 'string' || !isJsonObject(body)) {
    throw new SyntaxError('not an event message');
  }
  const fingerprint = body.fingerprint;
  if (fingerprint !== undefined && typeof fingerprint !== 'string') throw new SyntaxError('fingerprint must be a string');
  return { kind: 'event', seq: seq as number, epoch, event: eventFromWire(body.event), fingerprint };
}

function errorToWire(error: unknown): WireError {
  if (isUpstreamError(error)) {
    return { code: error.code, provider: error.provider, message: error.message, upstreamStatus: error.upstreamStatus ?? null, retryAfterMs: error.retryAfterMs ?? null };
  }
  return { code: null, provider: null, message: error instanceof Error ? error.message : String(error), upstreamStatus: null, retryAfterMs: null };
}

/** Rebuilds an UpstreamError when the code and provider are ones this build knows, so subscribers still see the code. */
function errorFromWire(wire: unknown): UpstreamError | Error {
  if (!isJsonObject(wire) || typeof wire.message !== 'string') throw new SyntaxError('an error needs a message');
  const { code, provider, message, retryAfterMs } = wire;
  // `status` is the name replicas before the rename send: read it during a rolling upgrade.
  const upstreamStatus = wire.upstreamStatus ?? wire.status;
  if (!UPSTREAM_ERROR_CODES.includes(code as UpstreamErrorCode) || !PROVIDERS.includes(provider as Provider)) return new Error(message);
  return new UpstreamError(code as UpstreamErrorCode, provider as Provider, message, {
    upstreamStatus: typeof upstreamStatus === 'number' ? upstreamStatus : undefined,
    retryAfterMs: typeof retryAfterMs === 'number' ? retryAfterMs : undefined,
  });
}

function eventFromWire(wire: unknown): HubEvent<unknown> {
  if (!isJsonObject(wire)) throw new SyntaxError('an event must be an object');
  switch (wire.type) {
    case 'value':
      if (!('value' in wire)) break;
      return { type: 'value', value: wire.value };
    case 'degraded':
    {
      // `nextAttemptInMs` is the name replicas before the rename send: read it during a rolling upgrade.
      const retryAfterMs = wire.retryAfterMs ?? wire.nextAttemptInMs;
      if (typeof retryAfterMs !== 'number') break;
      return { type: 'degraded', error: errorFromWire(wire.error), retryAfterMs };
    }
    case 'recovered':
      return { type: 'recovered' };
    case 'ended':
      if (wire.reason !== 'terminal') break;
      return { type: 'ended', reason: 'terminal' };
    case 'failed':
      return { type: 'failed', error: errorFromWire(wire.error) };
  }
  throw new SyntaxError(`not a hub event: ${String(wire.type)}`);
}
