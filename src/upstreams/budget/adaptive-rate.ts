export interface AdaptiveRateOptions {
  /**
   * Floor of the shrink, as a share of the configured rate.
   * @default 0.1
   */
  minShare?: number;
  /**
   * Share of the configured rate given back per second without a 429.
   * @default 0.05
   */
  recoveryPerSecond?: number;
}

/** The share of the configured rate to use right now, shrunk by a provider's 429s. */
export interface AdaptiveRate {
  share(now: number): number;
  /** A 429 arrived: halve the share (once per second, however many 429s were in flight together). */
  throttled(now: number): void;
}

/**
 * Additive increase, multiplicative decrease, as TCP answers congestion: the provider's 429
 * means our idea of its capacity is too high; recovery is slow so one quiet second does not bring
 * the next burst of 429s straight back. The share is computed on read, so no timer runs.
 */
export function createAdaptiveRate(options: AdaptiveRateOptions = {}): AdaptiveRate {
  const minShare = options.minShare ?? 0.1;
  const recoveryPerSecond = options.recoveryPerSecond ?? 0.05;
  if (!(minShare > 0 && minShare <= 1)) throw new RangeError(`minShare must be in (0, 1], got ${minShare}`);
  if (!(recoveryPerSecond > 0)) throw new RangeError(`recoveryPerSecond must be > 0, got ${recoveryPerSecond}`);
  let base = 1;
  let since = 0;
  const share = (now: number): number => Math.min(1, base + ((now - since) / 1_000) * recoveryPerSecond);
  return {
    share: (now) => (base === 1 ? 1 : share(now)),
    throttled(now) {
      if (base < 1 && now - since < 1_000) return;
      base = Math.max(minShare, share(now) / 2);
      since = now;
    },
  };
}
