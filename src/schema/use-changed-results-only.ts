import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { transformIterator } from '../live/transform-iterator.js';

/** Which session a result is about: the `id` of its one root field, when the client selected it. */
function subjectOf(result: ExecutionResult): string | undefined {
  const roots = result.data ? Object.values(result.data) : [];
  const root = roots.length === 1 ? (roots[0] as { id?: unknown } | null) : null;
  return typeof root?.id === 'string' ? root.id : undefined;
}

/**
 * The hub wakes a subscription whenever anything in the session changed, but a client that
 * selected `{ state }` only wants to hear when the state did. So each subscription drops a result
 * that serializes exactly as the last one it sent, or as the last one about the same session on a
 * stream of many: the check follows whatever the client selected, errors included, on SSE and
 * graphql-ws alike.
 */
export function useChangedResultsOnly(): Plugin {
  return {
    onSubscribe: () => ({
      onSubscribeResult({ result, setResult }) {
        if (!isAsyncIterable(result)) return;
        const sent = new Map<string, string>();
        let previous: string | undefined;
        setResult(
          transformIterator<ExecutionResult, ExecutionResult>(result[Symbol.asyncIterator](), (next) => {
            const subject = subjectOf(next);
            const text = JSON.stringify(next);
            if (text === previous || (subject !== undefined && sent.get(subject) === text)) return { end: false };
            // A result about no session in particular (an error) may have changed what any of them means.
            if (subject === undefined) sent.clear();
            else sent.set(subject, text);
            previous = text;
            return { emit: next };
          }),
        );
      },
    }),
  };
}
