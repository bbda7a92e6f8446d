import { describe, expect, it, vi } from 'vitest';
import { createMemoryTransport } from '../../src/live/memory-transport.js';

describe('createMemoryTransport', () => {
  it('fans out synchronously to the key’s listeners only, and stops after unsubscribe', () => {
    const transport = createMemoryTransport();
    const a = vi.fn();
    const b = vi.fn();
    const other = vi.fn();
    const stopA = transport.subscribe('k', a);
    transport.subscribe('k', b);
    transport.subscribe('other', other);
    transport.publish('k', { type: 'recovered' });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
    expect(other).not.toHaveBeenCalled();
    stopA();
    transport.publish('k', { type: 'recovered' });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
  });

  it('still reaches every listener when one unsubscribes another during fan-out', () => {
    const transport = createMemoryTransport();
    const second = vi.fn();
    let stopSecond = (): void => {};
    transport.subscribe('k', () => stopSecond());
    stopSecond = transport.subscribe('k', second);
    transport.publish('k', { type: 'recovered' });
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('grants leadership and routes poll requests to the registered leader', async () => {
    const transport = createMemoryTransport();
    expect(await transport.acquireLeadership('k')).toBeDefined();
    const onRequest = vi.fn();
    transport.requestPoll('k');
    const stop = transport.onPollRequest('k', onRequest);
    transport.requestPoll('k');
    transport.requestPoll('other');
    stop();
    transport.requestPoll('k');
    expect(onRequest).toHaveBeenCalledTimes(1);
  });
});
