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

/** The most `--runs` takes: 50 rotated pairs of the full mode's 4 s runs are already about 14 minutes per upstream. */
export const MAX_RUNS = 50;

/**
 * The settings the command line asks for: full mode, or `--quick`; `--runs N` changes only how
 * many measured runs (rotated pairs, in `overhead`) each figure is the median of, so one command
 * gives a steadier median than five pairs on a noisy machine (docs/performance.md, "A fourth look").
 */
export function settingsFrom(args: readonly string[]): BenchSettings {
  const settings = SETTINGS[args.includes('--quick') ? 'quick' : 'full'];
  const at = args.indexOf('--runs');
  if (at < 0) return settings;
  const text = args[at + 1] ?? '';
  const runs = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(runs >= 1 && runs <= MAX_RUNS)) throw new Error(`--runs takes a whole number from 1 to ${MAX_RUNS}, not ${JSON.stringify(text)}`);
  return { ...settings, runs };
}
