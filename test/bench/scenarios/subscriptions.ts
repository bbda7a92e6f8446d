import { startServer, startUpstream, stopAll, warningNotes, type ServerChild, type UpstreamChild } from '../children.js';
import { monotonicMs } from '../monotonic.js';
import { body, kadoaStatusPath, watchedRef, WATCH_SUBSCRIPTION, gid } from '../operations.js';
import { fmt, type Figure, type Section } from '../report.js';
import type { BenchSettings } from '../settings.js';
import { openMany, openSse, type SseSubscriber } from '../sse-clients.js';
import { summarize, sum } from '../stats.js';
import type { LiveVersion } from '../fixed-upstream.js';

export const POLL_INTERVAL_MS = 500;
export const DELIVERY_P99_TARGET_MS = 200;
export const RSS_PER_SUBSCRIPTION_TARGET = 50 * 1024;
const SESSIONS = 10;
/** A subscription's state is ~35 KB; leaking even a small part of it per cycle would pass this over thousands of cycles. */
const LEAK_BOUND_BYTES = 1024 * 1024;
/** Subscriptions still waiting for their first event at one time while opening. */
const OPENING = 200;

/** A fixed interval: with the maximum equal to the base, an unchanged session is not polled less often, so every interval holds exactly one poll. */
const GATEWAY_ENV = { POLL_INTERVAL_MS: String(POLL_INTERVAL_MS), POLL_MAX_INTERVAL_MS: String(POLL_INTERVAL_MS) };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** For state behind IPC that has no event to await: poll it, within a bound. */
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(value)})`);
    await sleep(100);
  }
}

/** Each fan-out phase watches live sessions of its own, so one phase's polls never count in another's. */
const phaseSession = (sessions: number, index: number) => 100 + sessions * 10 + index;

const subscribe = (origin: URL, live: boolean, session: number) => () => openSse(origin, body(WATCH_SUBSCRIPTION, { id: gid(watchedRef(session, live)) }));

/** Subscribe, wait for the first event, unsubscribe; 100 clients at a time, over 50 sessions, so pollers start and stop too. */
async function churn(origin: URL, cycles: number): Promise<void> {
  let opened = 0;
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (opened < cycles) {
        const subscriber = subscribe(origin, false, opened++ % 50)();
        await subscriber.first;
        subscriber.close();
      }
    }),
  );
}

function closeAll(subscribers: readonly SseSubscriber[]): void {
  for (const subscriber of subscribers) subscriber.close();
}

async function idle(gateway: ServerChild): Promise<void> {
  await waitFor(() => gateway.remote.hubStats(), (s) => s?.activeSubscriptions === 0 && s.activePollers === 0, 20_000, 'the hub to drop every subscription and poller');
}

interface Window {
  from: number;
  to: number;
}

/** The polls of one live session inside `window`, as the upstream logged them. */
function pollsIn(log: readonly LiveVersion[], window: Window): LiveVersion[] {
  return log.filter((v) => v.sentAt >= window.from && v.sentAt <= window.to);
}

/** For each polled change, how long until every subscriber had it (or a newer one: a slow reader's queue keeps only the latest). */
function deliveryTimes(changes: readonly LiveVersion[], subscribers: readonly SseSubscriber[]): { times: number[]; missed: number } {
  const times: number[] = [];
  let missed = 0;
  for (const change of changes) {
    let last = 0;
    let complete = true;
    for (const subscriber of subscribers) {
      const receipt = subscriber.receipts.find((r) => r.version >= change.version);
      if (!receipt) {
        complete = false;
        break;
      }
      last = Math.max(last, receipt.at);
    }
    if (complete) times.push(last - change.sentAt);
    else missed += 1;
  }
  return { times, missed };
}

async function fanOutPhase(settings: BenchSettings, upstream: UpstreamChild, gateway: ServerChild, sessions: number): Promise<Figure[]> {
  const origin = new URL(`${gateway.info.url}/graphql`);
  const perSession = settings.subscribers / sessions;
  const subscribers = await openMany(settings.subscribers, OPENING, (i) => subscribe(origin, true, phaseSession(sessions, i % sessions))());
  try {
    const stats = await gateway.remote.hubStats();
    const window = { from: monotonicMs(), to: 0 };
    await sleep(settings.deliveryRounds * POLL_INTERVAL_MS);
    window.to = monotonicMs();
    // Changes polled near the end of the window get time to reach everyone before delivery is judged.
    await sleep(1_000);
    const logs = await Promise.all(
      Array.from({ length: sessions }, (_, s) => upstream.remote.liveLog(kadoaStatusPath(watchedRef(phaseSession(sessions, s), true)))),
    );
    const polls = logs.map((log) => pollsIn(log, window));
    // From the mean gap between a session's polls rather than a count, which a poll on either edge of the window would tip.
    const sessionGaps = polls.map((p) => p.slice(1).map((v, i) => v.sentAt - p[i]!.sentAt));
    const perInterval = sum(sessionGaps.map((g) => POLL_INTERVAL_MS / (sum(g) / g.length)));
    const gaps = sessionGaps.flat();
    const label = `${fmt.count(settings.subscribers)} subscribers on ${sessions} session${sessions > 1 ? 's' : ''}`;
    const figures: Figure[] = [
      { name: `${label}: active pollers / subscriptions in the gateway`, value: `${stats?.activePollers} / ${fmt.count(stats?.activeSubscriptions ?? 0)}`, target: `${sessions} / ${fmt.count(settings.subscribers)}`, ok: stats?.activePollers === sessions && stats.activeSubscriptions === settings.subscribers },
      { name: `${label}: upstream polls per ${POLL_INTERVAL_MS} ms interval`, value: perInterval.toFixed(2), target: `${sessions}`, ok: Math.abs(perInterval - sessions) <= sessions * 0.15 },
      { name: `${label}: shortest gap between two polls of one session`, value: fmt.ms(Math.min(...gaps)), target: `~${POLL_INTERVAL_MS} ms` },
    ];
    if (sessions === 1) {
      const { times, missed } = deliveryTimes(polls[0]!, subscribers);
      const delivery = summarize(times);
      figures.push({
        name: `${label}: upstream answer to the last subscriber, p50 / p99 over ${times.length} changes`,
        value: `${fmt.ms(delivery.p50)} / ${fmt.ms(delivery.p99)}`,
        target: `p99 < ${DELIVERY_P99_TARGET_MS} ms`,
        ok: delivery.p99 < DELIVERY_P99_TARGET_MS && missed === 0,
      });
      if (missed > 0) figures.push({ name: `${label}: changes some subscriber never got`, value: String(missed), target: '0', ok: false });
    } else {
      figures.push({ name: `${label}: subscribers per session`, value: fmt.count(perSession) });
    }
    return figures;
  } finally {
    closeAll(subscribers);
  }
}

function handleDiff(before: Record<string, number>, after: Record<string, number>): string {
  const types = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changed = types.filter((t) => (before[t] ?? 0) !== (after[t] ?? 0)).map((t) => `${t} ${before[t] ?? 0} -> ${after[t] ?? 0}`);
  return changed.length === 0 ? 'none' : changed.join(', ');
}

/** Memory per open subscription and churn, on a gateway that has only been warmed up, so its RSS has not grown for anything else. */
async function memoryAndChurn(settings: BenchSettings, upstream: UpstreamChild): Promise<{ figures: Figure[]; notes: string[] }> {
  const gateway = await startServer('gateway', upstream.info, { env: GATEWAY_ENV });
  try {
    const origin = new URL(`${gateway.info.url}/graphql`);
    // Warm-up: every code path a subscription takes has run before anything is measured.
    closeAll(await openMany(OPENING, OPENING, (i) => subscribe(origin, false, i % SESSIONS)()));
    await idle(gateway);
    const baseMemory = await gateway.remote.memory(true);
    const baseHandles = await gateway.remote.handles();

    const held = await openMany(settings.memorySubscriptions, OPENING, (i) => subscribe(origin, false, i % SESSIONS)());
    const heldStats = await gateway.remote.hubStats();
    const heldMemory = await gateway.remote.memory(true);
    closeAll(held);
    const perSubscription = (heldMemory.rss - baseMemory.rss) / settings.memorySubscriptions;
    const n = fmt.count(settings.memorySubscriptions);
    const figures: Figure[] = [
      { name: `${n} open SSE subscriptions on ${SESSIONS} sessions: active pollers / subscriptions`, value: `${heldStats?.activePollers} / ${fmt.count(heldStats?.activeSubscriptions ?? 0)}`, target: `${SESSIONS} / ${n}`, ok: heldStats?.activePollers === SESSIONS && heldStats.activeSubscriptions === settings.memorySubscriptions },
      { name: `${n} open SSE subscriptions: gateway RSS idle / holding them`, value: `${fmt.mb(baseMemory.rss)} / ${fmt.mb(heldMemory.rss)}` },
      { name: 'RSS per open SSE subscription', value: fmt.kb(perSubscription), target: `<= ${fmt.kb(RSS_PER_SUBSCRIPTION_TARGET)}`, ok: perSubscription <= RSS_PER_SUBSCRIPTION_TARGET },
      { name: 'heap per open SSE subscription', value: fmt.kb((heldMemory.heapUsed - baseMemory.heapUsed) / settings.memorySubscriptions) },
    ];

    // Churn: subscribe and unsubscribe over and over, in two halves. The first half may still grow
    // caches and compiled code; what the second half adds is what would keep growing: a leak.
    await idle(gateway);
    const churnStarted = performance.now();
    const half = Math.floor(settings.churnCycles / 2);
    await churn(origin, half);
    await idle(gateway);
    const firstHalf = await gateway.remote.memory(true);
    await churn(origin, settings.churnCycles - half);
    const churnSec = (performance.now() - churnStarted) / 1000;
    const after = await waitFor(() => gateway.remote.hubStats(), (s) => s?.activeSubscriptions === 0 && s.activePollers === 0, 20_000, 'the hub to be empty after churn').catch(() => gateway.remote.hubStats());
    // Sockets close a little after their clients go; wait (bounded) for the handle counts to come back.
    const handles = await waitFor(() => gateway.remote.handles(), (h) => sum(Object.values(h)) <= sum(Object.values(baseHandles)), 15_000, 'handles back to idle').catch(() => gateway.remote.handles());
    const churnMemory = await gateway.remote.memory(true);
    const secondHalfGrowth = churnMemory.heapUsed - firstHalf.heapUsed;
    const signed = (bytes: number) => `${bytes >= 0 ? '+' : ''}${fmt.mb(bytes)}`;
    figures.push(
      { name: `churn: ${fmt.count(settings.churnCycles)} subscribe/unsubscribe cycles (100 at a time)`, value: `${churnSec.toFixed(1)} s` },
      { name: 'after churn: active pollers / subscriptions', value: `${after?.activePollers} / ${after?.activeSubscriptions}`, target: '0 / 0', ok: after?.activePollers === 0 && after.activeSubscriptions === 0 },
      { name: 'after churn: handles changed since idle (by type)', value: handleDiff(baseHandles, handles), target: 'none', ok: sum(Object.values(handles)) <= sum(Object.values(baseHandles)) },
      { name: `heap growth over the second half of churn (${fmt.count(settings.churnCycles - half)} cycles)`, value: signed(secondHalfGrowth), target: `< +${fmt.mb(LEAK_BOUND_BYTES)}`, ok: secondHalfGrowth < LEAK_BOUND_BYTES },
      { name: 'heap used: idle / after everything above (after a full GC)', value: `${fmt.mb(baseMemory.heapUsed)} / ${fmt.mb(churnMemory.heapUsed)}` },
      { name: 'RSS: idle / after everything above', value: `${fmt.mb(baseMemory.rss)} / ${fmt.mb(churnMemory.rss)}` },
    );
    return { figures, notes: await warningNotes(gateway) };
  } finally {
    await gateway.stop();
  }
}

/** Live sessions: fan-out and delivery on one gateway, then memory and churn on a fresh one; both in child processes. */
export async function subscriptionsScenario(settings: BenchSettings): Promise<Section> {
  let upstream: UpstreamChild | undefined;
  let gateway: ServerChild | undefined;
  try {
    upstream = await startUpstream('fixed');
    gateway = await startServer('gateway', upstream.info, { env: GATEWAY_ENV });
    const origin = new URL(`${gateway.info.url}/graphql`);
    closeAll(await openMany(OPENING, OPENING, (i) => subscribe(origin, false, i % SESSIONS)()));
    await idle(gateway);
    const figures: Figure[] = [...(await fanOutPhase(settings, upstream, gateway, 1))];
    await idle(gateway);
    figures.push(...(await fanOutPhase(settings, upstream, gateway, SESSIONS)));
    await idle(gateway);
    const notes = await warningNotes(gateway);
    await gateway.stop();
    const memory = await memoryAndChurn(settings, upstream);
    return { title: `Subscriptions (SSE, poll interval ${POLL_INTERVAL_MS} ms, gateway in a child process)`, figures: [...figures, ...memory.figures], notes: [...notes, ...memory.notes] };
  } finally {
    await stopAll([gateway, upstream]);
  }
}
