import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema.js';
import { countRequestedSessions, sessionsAtMost, withinSessionBudget } from '../../src/security/use-session-budget.js';

const operation = (query: string, operationName?: string) => ({ schema, document: parse(query), operationName });

describe('session budget', () => {
  it('bounds an operation without list arguments by its session fields, through aliases and fragments', () => {
    expect(sessionsAtMost(operation('query ($id: ID!) { session(id: $id) { id } }'))).toBe(1);
    expect(sessionsAtMost(operation('query ($id: ID!) { a: session(id: $id) { id } b: session(id: $id) { id } ...F } fragment F on Query { c: pingVpnSession(id: "x") { id } }'))).toBe(3);
    expect(sessionsAtMost(operation('{ __typename }'))).toBe(0);
  });

  it('has no bound when a list argument makes the count depend on the variables', () => {
    expect(sessionsAtMost(operation('query ($ids: [ID!]!) { sessions(ids: $ids) { id } }'))).toBeUndefined();
    expect(sessionsAtMost(operation('query ($id: ID!) { session(id: $id) { id } nodes(ids: ["a"]) { id } }'))).toBeUndefined();
  });

  it('bounds the operation picked by name', () => {
    const query = 'query One { session(id: "a") { id } } query Two { a: session(id: "a") { id } b: session(id: "b") { id } }';
    expect(sessionsAtMost(operation(query, 'One'))).toBe(1);
    expect(sessionsAtMost(operation(query, 'Two'))).toBe(2);
  });

  it('falls back to the exact count past the bound: the same session named three times is one', () => {
    const same = { ...operation('query ($id: ID!) { a: session(id: $id) { id } b: session(id: $id) { id } c: session(id: $id) { id } }'), variableValues: { id: 'x' } };
    expect(withinSessionBudget(same, 2)).toBe(true);
    const distinct = { ...operation('{ a: session(id: "x") { id } b: session(id: "y") { id } c: session(id: "z") { id } }'), variableValues: {} };
    expect(countRequestedSessions(distinct)).toBe(3);
    expect(withinSessionBudget(distinct, 2)).toBe(false);
    expect(withinSessionBudget(distinct, 3)).toBe(true);
  });

  it('counts list items with the variables sent', () => {
    const many = operation('query ($ids: [ID!]!) { sessions(ids: $ids) { id } }');
    expect(withinSessionBudget({ ...many, variableValues: { ids: ['a', 'b'] } }, 2)).toBe(true);
    expect(withinSessionBudget({ ...many, variableValues: { ids: ['a', 'b', 'c'] } }, 2)).toBe(false);
  });
});
