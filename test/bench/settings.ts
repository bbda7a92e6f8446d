/** How long and how hard each scenario runs. `quick` is for CI and quick looks; `full` is what the docs quote. */
export interface BenchSettings {
  mode: 'quick' | 'full';
  /** Concurrent connections of the throughput runs. */
  connections: number;
  warmUpSec: number;
  /** Length of one measured run; each figure is the median of `runs` runs. */
  runSec: number;
  runs: number;
  /** Length of one run at concurrency 1 (latency figures). */
  latencySec: number;
  /** Single-session load before RSS is read (the 60 s). */
  memoryLoadSec: number;
  subscribers: number;
  /** Concurrent SSE subscriptions for the memory-per-subscription figure. */
  memorySubscriptions: number;
  churnCycles: number;
  /** Changes whose delivery to every subscriber is timed. */
  deliveryRounds: number;
}

export const SETTINGS: Record<BenchSettings['mode'], BenchSettings> = {
  full: {
    mode: 'full',
    connections: 10,
    warmUpSec: 5,
    runSec: 4,
    runs: 5,
    latencySec: 2,
    memoryLoadSec: 60,
    subscribers: 1_000,
    memorySubscriptions: 10_000,
    churnCycles: 10_000,
    deliveryRounds: 20,
  },
  quick: {
    mode: 'quick',
    connections: 10,
    warmUpSec: 2,
    runSec: 2,
    runs: 3,
    latencySec: 1,
    memoryLoadSec: 10,
    subscribers: 1_000,
    memorySubscriptions: 2_000,
    churnCycles: 2_000,
    deliveryRounds: 8,
  },
};
