import { Writable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/live/clock.js';
import { createLogger } from '../../src/observability/logger.js';
import { upstreamLog, type UpstreamLog } from '../../src/observability/upstream-log.js';
import type { UpstreamCallEvent } from '../../src/upstreams/http/upstream-observer.js';

type Line = Record<string, unknown> & { msg: string; level: number };

/** A clock moved by hand: timers fire in order as `advance` passes them. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; callback: () => void; handle: object }[] = [];
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const handle = {};
      timers.push({ at: now + ms, callback, handle });
      return handle;
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t.handle !== handle);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.callback();
      }
      now = until;
    },
  };
}

let lines: Line[];
let clock: ReturnType<typeof manualClock>;
let log: UpstreamLog;
beforeEach(() => {
  lines = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  clock = manualClock();
  // The default level: what an operator sees without asking for more.
  log = upstreamLog(createLogger({ level: 'info', destination }), { clock, summaryIntervalMs: 60_000 });
});

const call = (provider: UpstreamCallEvent['provider'], outcome: UpstreamCallEvent['outcome'], status?: number): void =>
  log.onCall!({ provider, method: 'GET', outcome, status, durationMs: 3 });
const warnings = () => lines.filter((l) => l.level === 40).map(({ provider, code, status, failures, msg }) => ({ msg, provider, code, status, failures }));

describe('upstream failures at the default log level', () => {
  it('warns of the first failure of a kind at once, then sums the rest up once an interval', () => {
    call('KADOA', 'UNAUTHENTICATED', 401);
    expect(warnings()).toEqual([{ msg: 'upstream call failed', provider: 'kadoa', code: 'UNAUTHENTICATED', status: 401, failures: undefined }]);
    for (let i = 0; i < 5; i++) call('KADOA', 'UNAUTHENTICATED', 401);
    clock.advance(59_999);
    expect(warnings()).toHaveLength(1);
    clock.advance(1);
    expect(warnings()).toEqual([
      { msg: 'upstream call failed', provider: 'kadoa', code: 'UNAUTHENTICATED', status: 401, failures: undefined },
      { msg: 'upstream calls still failing', provider: 'kadoa', code: 'UNAUTHENTICATED', status: undefined, failures: 5 },
    ]);
    // Still failing: one summary per interval, however many calls.
    for (let i = 0; i < 100; i++) call('KADOA', 'UNAUTHENTICATED', 401);
    clock.advance(60_000);
    expect(warnings().slice(2)).toEqual([{ msg: 'upstream calls still failing', provider: 'kadoa', code: 'UNAUTHENTICATED', status: undefined, failures: 100 }]);
  });

  it('keeps each provider and code apart', () => {
    call('PING', 'UPSTREAM_UNAVAILABLE');
    call('PING', 'UPSTREAM_TIMEOUT');
    call('DEEPSET', 'UPSTREAM_UNAVAILABLE');
    call('PING', 'UPSTREAM_UNAVAILABLE');
    expect(warnings().map(({ provider, code }) => `${provider} ${code}`)).toEqual(['ping UPSTREAM_UNAVAILABLE', 'ping UPSTREAM_TIMEOUT', 'deepset UPSTREAM_UNAVAILABLE']);
  });

  it('warns at once again after an interval without failures', () => {
    call('PARADIGM', 'UPSTREAM_BAD_RESPONSE', 200);
    clock.advance(60_000);
    expect(warnings()).toHaveLength(1);
    clock.advance(300_000);
    call('PARADIGM', 'UPSTREAM_BAD_RESPONSE', 200);
    expect(warnings().map((w) => w.msg)).toEqual(['upstream call failed', 'upstream call failed']);
  });

  it("says nothing of a client's doing or of a success", () => {
    for (const outcome of ['OK', 'NOT_FOUND', 'INVALID_INPUT', 'FORBIDDEN', 'ALREADY_CLOSED', 'ABORTED'] as const) call('DEEPSET', outcome, 404);
    clock.advance(120_000);
    expect(lines).toEqual([]);
  });

  it('writes the summaries still pending when flushed, and stops their timers', () => {
    call('PING', 'RATE_LIMITED', 429);
    call('PING', 'RATE_LIMITED', 429);
    log.flush();
    clock.advance(600_000);
    expect(warnings()).toEqual([
      { msg: 'upstream call failed', provider: 'ping', code: 'RATE_LIMITED', status: 429, failures: undefined },
      { msg: 'upstream calls still failing', provider: 'ping', code: 'RATE_LIMITED', status: undefined, failures: 1 },
    ]);
  });
});
