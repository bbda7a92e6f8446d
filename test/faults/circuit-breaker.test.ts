import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, type BreakerState, type CircuitBreakerOptions } from '../../src/upstreams/http/circuit-breaker.js';

const OPTIONS: CircuitBreakerOptions = { failureRatePercent: 50, minimumCalls: 4, windowMs: 10_000, openMs: 5_000 };

function breakerAt(options = OPTIONS) {
  let now = 1_000_000;
  const states: BreakerState[] = [];
  const breaker = createCircuitBreaker(options, (state) => states.push(state), () => now);
  const call = (outcome: 'success' | 'failure' | 'ignore') => {
    const permit = breaker.tryAcquire();
    if (!permit) return 'refused';
    permit[outcome]();
    return 'admitted';
  };
  return { breaker, states, call, advance: (ms: number) => void (now += ms) };
}

describe('circuit breaker', () => {
  it('stays closed below the minimum number of calls, however many fail', () => {
    const { breaker, call } = breakerAt();
    expect([call('failure'), call('failure'), call('failure')]).toEqual(['admitted', 'admitted', 'admitted']);
    expect(breaker.state).toBe('closed');
  });

  it('opens when the failure rate reaches the threshold, then refuses every call without running it', () => {
    const { breaker, states, call } = breakerAt();
    call('success');
    call('success');
    call('failure');
    expect(breaker.state).toBe('closed');
    call('failure');
    expect(breaker.state).toBe('open');
    expect(states).toEqual(['open']);
    expect([call('success'), call('success')]).toEqual(['refused', 'refused']);
  });

  it('does not open while failures stay under the rate', () => {
    const { breaker, call } = breakerAt();
    for (let i = 0; i < 10; i += 1) {
      call('success');
      call('success');
      call('failure');
    }
    expect(breaker.state).toBe('closed');
  });

  it('forgets failures older than the window', () => {
    const { breaker, call, advance } = breakerAt();
    call('failure');
    call('failure');
    call('failure');
    advance(10_001);
    call('success');
    call('failure');
    call('success');
    expect(breaker.state).toBe('closed');
  });

  it('ignores outcomes that say nothing about the provider', () => {
    const { breaker, call } = breakerAt();
    for (let i = 0; i < 10; i += 1) call('ignore');
    call('failure');
    call('failure');
    expect(breaker.state).toBe('closed');
  });

  it('lets exactly one probe through after openMs, and closes when it succeeds', () => {
    const { breaker, states, call, advance } = breakerAt();
    for (let i = 0; i < 4; i += 1) call('failure');
    advance(4_999);
    expect(call('success')).toBe('refused');
    advance(1);
    const probe = breaker.tryAcquire();
    expect(probe).not.toBeNull();
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBeNull();
    probe!.success();
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
    // A fresh window: one failure after closing does not reopen it.
    call('failure');
    expect(breaker.state).toBe('closed');
  });

  it('opens again for another openMs when the probe fails', () => {
    const { breaker, states, call, advance } = breakerAt();
    for (let i = 0; i < 4; i += 1) call('failure');
    advance(5_000);
    expect(call('failure')).toBe('admitted');
    expect(breaker.state).toBe('open');
    advance(4_999);
    expect(call('success')).toBe('refused');
    advance(1);
    expect(call('success')).toBe('admitted');
    expect(states).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
  });

  it('frees the probe slot when the probe is abandoned, without deciding anything', () => {
    const { breaker, call, advance } = breakerAt();
    for (let i = 0; i < 4; i += 1) call('failure');
    advance(5_000);
    expect(call('ignore')).toBe('admitted');
    expect(breaker.state).toBe('half-open');
    expect(call('success')).toBe('admitted');
    expect(breaker.state).toBe('closed');
  });

  it('counts a permit once, however often it is settled', () => {
    const { breaker } = breakerAt();
    const permit = breaker.tryAcquire()!;
    for (let i = 0; i < 10; i += 1) permit.failure();
    expect(breaker.state).toBe('closed');
  });
});
