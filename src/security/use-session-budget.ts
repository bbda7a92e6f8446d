import { getArgumentValues, getNullableType, getOperationAST, isListType, Kind, type DocumentNode, type ExecutionArgs, type ExecutionResult, type FieldNode, type GraphQLField, type SelectionSetNode } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { QueryLimits } from './security-settings.js';

type OperationArgs = Pick<ExecutionArgs, 'schema' | 'document' | 'operationName'>;

/**
 * How a root field counts against the budget, declared where the field is defined:
 * `t.field({ ..., extensions: { sessionBudget: 'none' } })`.
 * - `'arguments'`: each item of its list arguments is one session (`sessions(ids:)`, federation's
 *   `_entities(representations:)`), or, with none, its arguments name one (`session(id:)`);
 * - `'none'`: it fetches no session by what it is given (a list paged with `first`/`after`, a
 *   mutation taking an `input` that creates one);
 * - a function: the keys of the sessions these (coerced) arguments name.
 * A root field that takes arguments and declares nothing counts as `'arguments'`: a new field is
 * counted until it says otherwise, so the budget never silently stops bounding one.
 */
export type SessionBudgetRule = 'arguments' | 'none' | ((args: Record<string, unknown>) => readonly unknown[]);

/** The rule a root field declares in its extensions, or the default; undefined when it takes no arguments and declares nothing. */
function ruleOf(field: GraphQLField<unknown, unknown>): SessionBudgetRule | undefined {
  const declared = (field.extensions as { sessionBudget?: SessionBudgetRule }).sessionBudget;
  return declared ?? (field.args.length > 0 ? 'arguments' : undefined);
}

interface SessionField {
  field: GraphQLField<unknown, unknown>;
  rule: Exclude<SessionBudgetRule, 'none'>;
  selection: FieldNode;
}

/** Each root field selection of the operation that names sessions, fragments expanded. */
function sessionFieldSelections(args: OperationArgs): SessionField[] {
  const operation = getOperationAST(args.document, args.operationName);
  const root = operation ? args.schema.getRootType(operation.operation) : undefined;
  if (!operation || !root) return [];
  const fragments = new Map(args.document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const seenFragments = new Set<string>();
  const found: SessionField[] = [];
  const visit = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      if (selection.kind === Kind.FRAGMENT_SPREAD && !seenFragments.has(selection.name.value)) {
        seenFragments.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
      if (selection.kind !== Kind.FIELD) continue;
      const field = root.getFields()[selection.name.value];
      const rule = field && ruleOf(field);
      if (field && rule !== undefined && rule !== 'none') found.push({ field, rule, selection });
    }
  };
  visit(operation.selectionSet);
  return found;
}

const sessionKey = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Aliases multiply fields and lists multiply ids, so neither cap alone bounds the upstream calls
 * of one operation; this count does. Variables are read as sent; a value that would not coerce
 * is left to execution.
 */
export function countRequestedSessions(args: OperationArgs & Pick<ExecutionArgs, 'variableValues'>): number {
  const sessions = new Set<string>();
  for (const { field, rule, selection } of sessionFieldSelections(args)) {
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(field, selection, (args.variableValues ?? {}) as Record<string, unknown>);
    } catch {
      continue;
    }
    if (typeof rule === 'function') {
      for (const key of rule(values)) sessions.add(`${field.name}:${sessionKey(key)}`);
      continue;
    }
    const lists = Object.values(values).filter(Array.isArray);
    if (lists.length > 0) for (const item of lists.flat()) sessions.add(sessionKey(item));
    else sessions.add('id' in values ? String(values.id) : `${field.name}(${JSON.stringify(values)})`);
  }
  return sessions.size;
}

const bounds = new WeakMap<DocumentNode, Map<string | null | undefined, number | undefined>>();

/**
 * The most sessions an operation can name whatever its variables: one per session field, when
 * none takes a list or counts by a rule of its own. Undefined otherwise, since then only the
 * variables tell. Kept per document, so an operation served again is not walked again.
 */
export function sessionsAtMost(args: OperationArgs): number | undefined {
  let byOperation = bounds.get(args.document);
  if (!byOperation) bounds.set(args.document, (byOperation = new Map()));
  if (byOperation.has(args.operationName)) return byOperation.get(args.operationName);
  const selections = sessionFieldSelections(args);
  const bound = selections.some(({ field, rule }) => typeof rule === 'function' || field.args.some((arg) => isListType(getNullableType(arg.type)))) ? undefined : selections.length;
  byOperation.set(args.operationName, bound);
  return bound;
}

/** Whether the operation stays within the budget with these variables. */
export function withinSessionBudget(args: OperationArgs & Pick<ExecutionArgs, 'variableValues'>, maxSessionsPerOperation: number): boolean {
  const bound = sessionsAtMost(args);
  return (bound !== undefined && bound <= maxSessionsPerOperation) || countRequestedSessions(args) <= maxSessionsPerOperation;
}

/** Refuses, before anything is fetched, an operation that names more sessions than the budget. */
export function useSessionBudget({ maxSessionsPerOperation }: Pick<QueryLimits, 'maxSessionsPerOperation'>): Plugin {
  const refuseOverBudget = ({ args, setResultAndStopExecution }: { args: ExecutionArgs; setResultAndStopExecution(result: ExecutionResult): void }) => {
    if (withinSessionBudget(args, maxSessionsPerOperation)) return;
    const count = countRequestedSessions(args);
    setResultAndStopExecution({
      errors: [
        createGraphQLError(`This operation names ${count} sessions; at most ${maxSessionsPerOperation} may be asked for in one operation`, {
          extensions: { code: 'INVALID_INPUT', http: { status: 400 } },
        }),
      ],
    });
  };
  return { onExecute: refuseOverBudget, onSubscribe: refuseOverBudget };
}
