import { getArgumentValues, getOperationAST, Kind, type ExecutionArgs, type SelectionSetNode } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export interface SessionBudgetOptions {
  /**
   * Distinct sessions one operation may name, over all its root fields and aliases.
   * @default 100
   */
  maxSessionsPerOperation: number;
}

/**
 * Every root field fetches sessions: one per id in its list argument, or one. Aliases multiply
 * fields and lists multiply ids, so neither cap alone bounds the upstream calls of one operation;
 * this count does. Variables are read as sent; a value that would not coerce is left to execution.
 */
export function countRequestedSessions(args: Pick<ExecutionArgs, 'schema' | 'document' | 'operationName' | 'variableValues'>): number {
  const operation = getOperationAST(args.document, args.operationName);
  const root = operation ? args.schema.getRootType(operation.operation) : undefined;
  if (!operation || !root) return 0;
  const fragments = new Map(args.document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const seenFragments = new Set<string>();
  const sessions = new Set<string>();

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
      if (!field || field.args.length === 0) continue;
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
  };
  visit(operation.selectionSet);
  return sessions.size;
}

/** Refuses, before anything is fetched, an operation that names more sessions than the budget. */
export function useSessionBudget({ maxSessionsPerOperation }: SessionBudgetOptions): Plugin {
  const check = (args: ExecutionArgs) => {
    const count = countRequestedSessions(args);
    if (count <= maxSessionsPerOperation) return undefined;
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
