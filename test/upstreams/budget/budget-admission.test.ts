import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { budgetAdmission } from '../../../src/upstreams/budget/budget-admission.js';
import { isBudgetRefusal } from '../../../src/upstreams/budget/budget-refusal.js';
import { createRateBudget } from '../../../src/upstreams/budget/rate-budget.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const poll = { method: 'GET', idempotent: true, purpose: 'poll', signal: undefined } as const;

describe('budget admission for polls', () => {
  it("passes a poll's first attempt (the hub's gate took its slot) and makes its retry take a poll slot", async () => {
    const budget = createRateBudget({ provider: 'KADOA', maxRps: 2 });
    const { admit } = budgetAdmission({ KADOA: budget });
    expect(admit('KADOA', poll)).toBeUndefined();
    expect(budget.stats().spent.poll).toBe(0);
    await admit('KADOA', { ...poll, retry: 1 });
    expect(budget.stats().spent.poll).toBe(1);
  });

  it("refuses a poll's retry when no poll slot is free, without waiting", async () => {
    const budget = createRateBudget({ provider: 'KADOA', maxRps: 1 });
    expect(await budget.nextPollSlot()).toBe(0);
    const { admit } = budgetAdmission({ KADOA: budget });
    const refusal = await Promise.resolve()
      .then(() => admit('KADOA', { ...poll, retry: 1 }))
      .catch((error: unknown) => error);
    expect(isBudgetRefusal(refusal)).toBe(true);
    // A refused retry stretched no poller's interval.
    expect(budget.stats()).toMatchObject({ spent: { poll: 1 }, stretched: 0 });
  });
});
