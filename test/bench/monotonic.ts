/**
 * Milliseconds on CLOCK_MONOTONIC, which every process on the machine shares: an upstream child
 * stamps when it sent a change and the load generator when a subscriber got it, and the two
 * stamps can be subtracted.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1000n) / 1000;
}
