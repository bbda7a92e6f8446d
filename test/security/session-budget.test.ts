import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema.js';
import { countRequestedSessions, sessionsAtMost, withinSessionBudget, type SessionBudgetRule } from '../../src/security/use-session-budget.js';

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

describe('how a root field counts, as it declares', () => {
  // A schema as other root fields will look: a paged list, a creating mutation, federation's _entities, and a field with a rule of its own.
  const declared = buildSchema(`
    scalar _Any
    input NewSession { name: String! }
    input Pair { provider: String! sessionId: String! }
    type S { id: ID! }
    type Query {
      session(id: ID!): S
      recent(first: Int, after: String): [S!]!
      _entities(representations: [_Any!]!): [S]!
      byPair(pair: Pair!, verbose: Boolean): S
    }
    type Mutation { createSession(input: NewSession!): S! }
  `);
  const rules: Record<string, SessionBudgetRule> = { recent: 'none', createSession: 'none', byPair: (args) => [args.pair] };
  for (const type of [declared.getQueryType()!, declared.getMutationType()!]) {
    for (const [name, rule] of Object.entries(rules)) {
      const field = type.getFields()[name];
      if (field) field.extensions = { ...field.extensions, sessionBudget: rule };
    }
  }
  const count = (query: string, variableValues?: Record<string, unknown>) => countRequestedSessions({ schema: declared, document: parse(query), variableValues });

  it('skips fields that fetch no session by what they are given, however they are aliased', () => {
    expect(count('{ a: recent(first: 10) { id } b: recent(first: 10, after: "x") { id } c: recent(first: 5) { id } }')).toBe(0);
    expect(count('mutation { a: createSession(input: { name: "a" }) { id } b: createSession(input: { name: "b" }) { id } }')).toBe(0);
    expect(sessionsAtMost({ schema: declared, document: parse('{ recent(first: 3) { id } session(id: "a") { id } }') })).toBe(1);
  });

  it('counts one session per distinct representation of _entities', () => {
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { id } }';
    const representations = [{ __typename: 'S', id: 'a' }, { __typename: 'S', id: 'b' }, { __typename: 'S', id: 'a' }];
    expect(count(query, { r: representations })).toBe(2);
  });

  it('counts by the rule a field declares', () => {
    expect(count('{ a: byPair(pair: { provider: "P", sessionId: "1" }) { id } b: byPair(pair: { provider: "P", sessionId: "1" }, verbose: true) { id } c: byPair(pair: { provider: "P", sessionId: "2" }) { id } }')).toBe(2);
    expect(sessionsAtMost({ schema: declared, document: parse('{ byPair(pair: { provider: "P", sessionId: "1" }) { id } }') })).toBeUndefined();
  });
});
