const listening = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `listener` once when `signal` aborts; the function returned stops listening. Every call
 * started in one window of request deadlines shares that window's signal
 * (src/security/request-deadline.ts), and an EventTarget listener added and removed per call was
 * about a microsecond of each, walking the signal's list of listeners both ways. So each signal
 * gets one 'abort' listener, and the calls on it wait in a Set.
 */
export function whenAborted(signal: AbortSignal, listener: () => void): () => void {
  let listeners = listening.get(signal);
  if (!listeners) {
    const waiting = new Set<() => void>();
    listeners = waiting;
    listening.set(signal, waiting);
    signal.addEventListener(
      'abort',
      () => {
        for (const waiter of [...waiting]) waiter();
        waiting.clear();
      },
      { once: true },
    );
  }
  const waiting = listeners;
  waiting.add(listener);
  return () => void waiting.delete(listener);
}
