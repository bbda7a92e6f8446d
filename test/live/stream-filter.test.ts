import { describe, expect, it } from 'vitest';
import type { HubEvent } from '../../src/live/hub-event.js';
import type { SequencedEvent } from '../../src/live/hub-event-wire.js';
import { createStreamFilter } from '../../src/live/stream-filter.js';
import { UpstreamError } from '../../src/upstreams/upstream-error.js';

const value = (version: number): HubEvent<unknown> => ({ type: 'value', value: { version } });
const at = (seq: number, event: HubEvent<unknown>, fingerprint?: string, epoch = 'e1'): SequencedEvent => ({ epoch, seq, event, fingerprint });
const unavailable = (): HubEvent<unknown> => ({ type: 'degraded', error: new UpstreamError('UPSTREAM_UNAVAILABLE', 'PING', 'down'), retryAfterMs: 100 });

describe('createStreamFilter', () => {
  it('drops cluster events at or before the last one taken, until the numbering starts over in a new epoch', () => {
    const filter = createStreamFilter();
    expect(filter.fromCluster(at(2, value(2), 'v2'))).toEqual([value(2)]);
    expect(filter.fromCluster(at(2, value(2), 'v2'))).toEqual([]);
    expect(filter.fromCluster(at(1, value(1), 'v1'))).toEqual([]);
    expect(filter.fromCluster(at(3, { type: 'ended', reason: 'terminal' }))).toEqual([{ type: 'ended', reason: 'terminal' }]);
    expect(filter.fromCluster(at(1, value(5), 'v5', 'e2'))).toEqual([value(5)]);
  });

  it('drops what listeners already know, whichever path it came by', () => {
    const filter = createStreamFilter();
    expect(filter.fromLocal(value(1), 'v1')).toEqual([value(1)]);
    expect(filter.fromCluster(at(1, value(1), 'v1'))).toEqual([]);
    expect(filter.fromLocal({ type: 'recovered' })).toEqual([]);
    expect(filter.fromCluster(at(2, unavailable()))).toHaveLength(1);
    expect(filter.fromLocal(unavailable())).toEqual([]);
    expect(filter.seen()).toEqual({ fingerprint: 'v1', degradedCode: 'UPSTREAM_UNAVAILABLE' });
    expect(filter.fromLocal({ type: 'recovered' })).toEqual([{ type: 'recovered' }]);
    expect(filter.seen()).toEqual({ fingerprint: 'v1', degradedCode: undefined });
  });

  it('holds live events during a catch-up read, then delivers both in sequence order, each once', () => {
    const filter = createStreamFilter();
    const read = filter.catchUp();
    expect(filter.fromCluster(at(6, value(6), 'v6'))).toEqual([]);
    expect(filter.fromCluster(at(7, unavailable()))).toEqual([]);
    // The record read at seq 6 holds the value 6 (health was not set yet); 5 is older than what arrived live.
    expect(read.finish([at(6, value(6), 'v6')])).toEqual([value(6), unavailable()]);
    expect(filter.catchUp().finish([at(5, value(5), 'v5')])).toEqual([]);
    expect(filter.fromCluster(at(8, value(8), 'v8'))).toEqual([value(8)]);
  });
});
