import autocannon from 'autocannon';
import { summarize, type LatencySummary } from './stats.js';

export interface LoadOptions {
  /** Origin of the server under load. */
  url: string;
  /** @default '/graphql' */
  path?: string;
  /** POST `body` as JSON when given, else GET. */
  body?: string;
  headers?: Record<string, string>;
  connections: number;
  durationSec: number;
  /** A good answer contains this; anything else counts as a failure. */
  expect: string;
  /** The server's CPU clock, when it runs in a child we control. */
  cpuMicros?: () => Promise<number>;
}

export interface LoadResult extends LatencySummary {
  rps: number;
  failures: number;
  /**
   * Server CPU time per answered request, µs (NaN without `cpuMicros`). Unlike req/s it hardly
   * moves when other processes take the machine's cores: they slow the run, not the work per request.
   */
  cpuPerRequestUs: number;
}

/**
 * One autocannon run. Latencies come from autocannon's per-response timings (fractions of a ms)
 * rather than its histogram, which rounds to whole milliseconds: at concurrency 1 on loopback
 * the whole figure is below one.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  const cpuBefore = await options.cpuMicros?.();
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${options.url}${options.path ?? '/graphql'}`,
        method: options.body === undefined ? 'GET' : 'POST',
        headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), accept: 'application/json', ...options.headers },
        body: options.body,
        connections: options.connections,
        duration: options.durationSec,
        verifyBody: (body) => String(body ?? '').includes(options.expect),
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else failures += 1;
    });
  });
  const elapsedSec = (performance.now() - started) / 1000;
  const cpuAfter = await options.cpuMicros?.();
  failures += result.errors + result.timeouts + result.mismatches;
  const cpuPerRequestUs = cpuBefore === undefined || cpuAfter === undefined ? Number.NaN : (cpuAfter - cpuBefore) / latencies.length;
  return { ...summarize(latencies), rps: latencies.length / elapsedSec, failures, cpuPerRequestUs };
}

/** Load the target for a while and throw the figures away: JIT, pools and caches settle first. */
export async function warmUp(options: Omit<LoadOptions, 'durationSec'>, durationSec: number): Promise<void> {
  const result = await runLoad({ ...options, durationSec });
  if (result.count === 0) throw new Error(`no successful response from ${options.url} during warm-up`);
}
