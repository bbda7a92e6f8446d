const listening = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `listener` once when `signal` aborts; the function returned stops listening. Every call
 * started in one window of request deadlines shares that window's signal
 * (src/security/request-deadline.ts), and an EventTarget listener added and removed per call was
 * about a microsecond of each, walking the signal's list of listeners both ways. So each signal
 * gets one 'abort' listener, and the calls on it wait in a Set.
 */
export function whenAborted(signal: AbortSignal, listener: () => void): () => void {
  const waiting = waitersOn(signal);
  waiting.add(listener);
  return () => void waiting.delete(listener);
}

function waitersOn(signal: AbortSignal): Set<() => void> {
  const known = listening.get(signal);
  if (known) return known;
  const waiting = new Set<() => void>();
  listening.set(signal, waiting);
  // A copy, since each waiter stops listening (deletes itself) as it runs.
  signal.addEventListener('abort', () => [...waiting].forEach((waiter) => waiter()), { once: true });
  return waiting;
}
