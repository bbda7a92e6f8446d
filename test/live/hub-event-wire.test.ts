import { describe, expect, it } from 'vitest';
import type { HubEvent } from '../../src/live/hub-event.js';
import { decodeChannelMessage, encodeEventBody, POKE_MESSAGE, VACANT_MESSAGE } from '../../src/live/hub-event-wire.js';
import type { PingVpnSession } from '../../src/upstreams/ping/ping-session.js';
import { UpstreamError } from '../../src/upstreams/upstream-error.js';

/** What the publish script sends: the body wrapped with its number. */
const envelope = (body: string, seq = 7, epoch = 'e1'): string => `{"kind":"event","seq":${seq},"epoch":"${epoch}","body":${body}}`;

const session: PingVpnSession = {
  provider: 'PING',
  ref: { provider: 'PING', sessionId: 'vpn-1' },
  sessionId: 'vpn-1',
  clientId: 'client-1',
  status: 'connected',
  providerStatus: 'connected',
  state: 'ACTIVE',
  isTerminal: false,
  duration: 42,
  uploadedBytes: 9_007_199_254_740_993n,
  downloadedBytes: null,
  fetchedAt: new Date('2026-03-04T05:06:07.089Z'),
};

describe('the Redis wire format', () => {
  it('round-trips a session value with its bigint counters, Date and fingerprint', () => {
    const message = decodeChannelMessage(envelope(encodeEventBody({ type: 'value', value: session }, 'fp-1')));
    expect(message).toEqual({ kind: 'event', seq: 7, epoch: 'e1', event: { type: 'value', value: session }, fingerprint: 'fp-1' });
  });

  it("reads a degraded event from a replica of the build before the rename (nextAttemptInMs), as a rolling upgrade sends it", () => {
    const error = new UpstreamError('UPSTREAM_UNAVAILABLE', 'PING', 'down');
    const body = encodeEventBody({ type: 'degraded', error, retryAfterMs: 800 });
    expect(body).toContain('"retryAfterMs":800');
    const legacy = decodeChannelMessage(envelope(body.replace('"retryAfterMs":800', '"nextAttemptInMs":800')));
    expect(legacy).toMatchObject({ event: { type: 'degraded', retryAfterMs: 800 } });
  });

  it('rebuilds UpstreamErrors with their code, provider, status and Retry-After', () => {
    const error = new UpstreamError('RATE_LIMITED', 'PING', 'Ping is rate limiting', { upstreamStatus: 429, retryAfterMs: 1_500, cause: new Error('secret body') });
    const events: HubEvent<unknown>[] = [
      { type: 'degraded', error, retryAfterMs: 1_500 },
      { type: 'failed', error: new UpstreamError('NOT_FOUND', 'KADOA', 'No such crawl', { upstreamStatus: 404 }) },
    ];
    const [degraded, failed] = events.map((event) => decodeChannelMessage(envelope(encodeEventBody(event))));
    expect(degraded).toMatchObject({ event: { type: 'degraded', retryAfterMs: 1_500 } });
    const rebuilt = degraded!.kind === 'event' && degraded!.event.type === 'degraded' ? degraded!.event.error : undefined;
    expect(rebuilt).toBeInstanceOf(UpstreamError);
    expect(rebuilt).toMatchObject({ code: 'RATE_LIMITED', provider: 'PING', message: 'Ping is rate limiting', upstreamStatus: 429, retryAfterMs: 1_500, transient: true });
    expect((rebuilt as Error).cause).toBeUndefined();
    expect(failed).toMatchObject({ event: { type: 'failed', error: { code: 'NOT_FOUND', provider: 'KADOA', upstreamStatus: 404, retryAfterMs: undefined } } });
  });

  it('turns anything else thrown into a plain Error with its message', () => {
    const message = decodeChannelMessage(envelope(encodeEventBody({ type: 'failed', error: new TypeError('boom') })));
    const error = message.kind === 'event' && message.event.type === 'failed' ? message.event.error : undefined;
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toBe('boom');
  });

  it('carries the events without payload, and the control messages', () => {
    expect(decodeChannelMessage(envelope(encodeEventBody({ type: 'recovered' })))).toMatchObject({ event: { type: 'recovered' } });
    expect(decodeChannelMessage(envelope(encodeEventBody({ type: 'ended', reason: 'terminal' })))).toMatchObject({ event: { type: 'ended', reason: 'terminal' } });
    expect(decodeChannelMessage(POKE_MESSAGE)).toEqual({ kind: 'poke' });
    expect(decodeChannelMessage(VACANT_MESSAGE)).toEqual({ kind: 'vacant' });
  });

  it('rejects what is malformed', () => {
    for (const text of ['nope', '[]', '{"kind":"event","seq":"1","epoch":"e","body":{}}', envelope('{"event":{"type":"exploded"}}'), envelope('{"event":{"type":"failed","error":{}}}')]) {
      expect(() => decodeChannelMessage(text), text).toThrow(SyntaxError);
    }
  });
});
