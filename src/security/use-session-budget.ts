import { getArgumentValues, getNullableType, getOperationAST, isListType, Kind, type DocumentNode, type ExecutionArgs, type FieldNode, type GraphQLField, type SelectionSetNode } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export interface SessionBudgetOptions {
  /**
   * Distinct sessions one operation may name, over all its root fields and aliases.
   * @default 100
   */
  maxSessionsPerOperation: number;
}

type OperationArgs = Pick<ExecutionArgs, 'schema' | 'document' | 'operationName'>;

/** Each root field selection of the operation that takes arguments (every one of them fetches sessions), fragments expanded. */
function sessionFieldSelections(args: OperationArgs): { field: GraphQLField<unknown, unknown>; selection: FieldNode }[] {
  const operation = getOperationAST(args.document, args.operationName);
  const root = operation ? args.schema.getRootType(operation.operation) : undefined;
  if (!operation || !root) return [];
  const fragments = new Map(args.document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const seenFragments = new Set<string>();
  const found: { field: GraphQLField<unknown, unknown>; selection: FieldNode }[] = [];
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
      if (field && field.args.length > 0) found.push({ field, selection });
    }
  };
  visit(operation.selectionSet);
  return found;
}

/**
 * Every root field fetches sessions: one per id in its list argument, or one. Aliases multiply
 * fields and lists multiply ids, so neither cap alone bounds the upstream calls of one operation;
 * this count does. Variables are read as sent; a value that would not coerce is left to execution.
 */
export function countRequestedSessions(args: OperationArgs & Pick<ExecutionArgs, 'variableValues'>): number {
  const sessions = new Set<string>();
  for (const { field, selection } of sessionFieldSelections(args)) {
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(field, selection, (args.variableValues ?? {}) as Record<string, unknown>);
    } catch {
      continue;
    }
    const lists = Object.values(values).filter(Array.isArray);
    if (lists.length > 0) for (const item of lists.flat()) sessions.add(String(item));
    else sessions.add('id' in values ? String(values.id) : `${field.name}(${JSON.stringify(values)})`);
  }
  return sessions.size;
}

const bounds = new WeakMap<DocumentNode, Map<string | null | undefined, number | undefined>>();

/**
 * The most sessions an operation can name whatever its variables: one per session field, when
 * none takes a list. Undefined when one does, since then only the variables tell. Kept per
 * document, so an operation served again (the fast path's) is not walked again.
 */
export function sessionsAtMost(args: OperationArgs): number | undefined {
  let byOperation = bounds.get(args.document);
  if (!byOperation) bounds.set(args.document, (byOperation = new Map()));
  if (byOperation.has(args.operationName)) return byOperation.get(args.operationName);
  const selections = sessionFieldSelections(args);
  const bound = selections.some(({ field }) => field.args.some((arg) => isListType(getNullableType(arg.type)))) ? undefined : selections.length;
  byOperation.set(args.operationName, bound);
  return bound;
}

/** Whether the operation stays within the budget with these variables. */
export function withinSessionBudget(args: OperationArgs & Pick<ExecutionArgs, 'variableValues'>, maxSessionsPerOperation: number): boolean {
  const bound = sessionsAtMost(args);
  return (bound !== undefined && bound <= maxSessionsPerOperation) || countRequestedSessions(args) <= maxSessionsPerOperation;
}

/** Refuses, before anything is fetched, an operation that names more sessions than the budget. */
export function useSessionBudget({ maxSessionsPerOperation }: SessionBudgetOptions): Plugin {
  const check = (args: ExecutionArgs) => {
    if (withinSessionBudget(args, maxSessionsPerOperation)) return undefined;
    const count = countRequestedSessions(args);
    return {
      errors: [
        createGraphQLError(`This operation names ${count} sessions; at most ${maxSessionsPerOperation} may be asked for in one operation`, {
          extensions: { code: 'INVALID_INPUT', http: { status: 400 } },
        }),
      ],
    };
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = check(args);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = check(args);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}
