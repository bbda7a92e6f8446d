/** Time as the live module sees it; injected so tests can drive it with fake timers or by hand. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The process clock. It looks the globals up on every call rather than capturing them, so
 * `vi.useFakeTimers()` still takes effect after this module was imported.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
