import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric } from 'prom-client';
import type { AdmissionStats, HubStats } from '../live/poller-hub.js';
import type { BudgetStats } from '../upstreams/budget/rate-budget.js';
import type { CacheStats } from '../upstreams/cache/session-caches.js';
import type { UpstreamObserver } from '../upstreams/http/upstream-observer.js';
import { PROVIDERS, providerLabel } from '../upstreams/provider.js';
import { boundCounter, boundHistogram } from './bound-metrics.js';

/**
 * What a shared hub transport tells about this replica's part in cluster mode. The Redis
 * transport (src/live/redis-transport.ts) has both methods; the in-memory transport has neither,
 * so a single-process gateway exports no Redis metrics at all.
 */
export interface ClusterRole {
  /** 'cluster' while joined over Redis; anything else (e.g. 'local-fallback') means polling alone. */
  mode(): string;
  /** Keys this replica polls right now. */
  leaderKeys(): readonly string[];
}

export interface GatewayMetricsOptions {
  /**
   * Also export the process metrics of prom-client (CPU, memory, event loop lag, handles).
   * @default true
   */
  processMetrics?: boolean;
}

export interface GatewayMetrics {
  /** This gateway's own registry, never prom-client's global one, so one process can run several gateways. */
  readonly registry: Registry;
  /** Counts and times every upstream call, and follows retries and circuit-breaker state. */
  readonly upstreamObserver: UpstreamObserver;
  /** Reads subscriptions, pollers and polls from the hub on every scrape. */
  watchHub(stats: () => HubStats, cluster?: ClusterRole): void;
  /** Reads the rate budgets, the hub's admission and the read caches on every scrape. */
  watchEconomy(sources: EconomySources): void;
  /** Reads what the per-connection limits refused (graphql-ws, stalled SSE readers) on every scrape. */
  watchConnections(sources: ConnectionSources): void;
}

/** What the limits per connection (docs/security.md) report: running totals, read at scrape time. */
export interface ConnectionSources {
  /** graphql-ws subscribes refused SUBSCRIPTION_LIMIT_EXCEEDED, and sockets closed 1009 for a message over MAX_REQUEST_BODY_BYTES. */
  webSockets: () => { subscriptionLimit: number; messageTooLarge: number };
  /** SSE responses dropped because their client stopped reading. */
  stalledReaders: () => number;
}

/** What the upstream economy (docs/economy.md) reports: each is read at scrape time. */
export interface EconomySources {
  budgets: readonly { stats(): BudgetStats }[];
  admission: () => AdmissionStats;
  caches: () => CacheStats;
}

const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;

/** CPU, memory and event-loop metrics describe the process, so every gateway in it shares one set of collectors. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * Every label value here comes from a closed set (provider, method, outcome code, breaker state),
 * so no client input can grow the number of series: no session ids, no credentials.
 */
export function createGatewayMetrics(options: GatewayMetricsOptions = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) for (const metric of processMetrics().getMetricsAsArray()) registry.registerMetric(metric as unknown as Metric);
  const registers = [registry];

  // Counted on every upstream call, so bound per label set (./bound-metrics.ts).
  const upstreamRequests = boundCounter({
    name: 'sessiongraph_upstream_requests_total',
    help: 'Upstream HTTP calls, by provider, method and outcome (OK or the error code).',
    labelNames: ['provider', 'method', 'outcome'] as const,
    registers,
  });
  const upstreamDuration = boundHistogram({
    name: 'sessiongraph_upstream_request_duration_seconds',
    help: 'Time from sending an upstream call to having its whole answer, by provider, method and outcome.',
    labelNames: ['provider', 'method', 'outcome'] as const,
    registers,
  });
  const upstreamRetries = new Counter({
    name: 'sessiongraph_upstream_retries_total',
    help: 'Upstream calls retried, by provider, method and the error code that caused the retry.',
    labelNames: ['provider', 'method', 'code'] as const,
    registers,
  });
  const breakerState = new Gauge({
    name: 'sessiongraph_upstream_circuit_state',
    help: "1 for each provider's current circuit-breaker state (closed, open, half-open), 0 for the others.",
    labelNames: ['provider', 'state'] as const,
    registers,
  });
  const queueRefusals = new Counter({
    name: 'sessiongraph_upstream_queue_refusals_total',
    help: "Upstream calls refused unsent with RATE_LIMITED because UPSTREAM_MAX_QUEUED calls already waited for the provider's connections.",
    labelNames: ['provider'] as const,
    registers,
  });
  for (const provider of PROVIDERS) {
    for (const state of BREAKER_STATES) breakerState.set({ provider: providerLabel(provider), state }, state === 'closed' ? 1 : 0);
    queueRefusals.inc({ provider: providerLabel(provider) }, 0);
  }

  return {
    registry,
    upstreamObserver: {
      onCall({ provider, method, outcome, durationMs }) {
        // Every upstream call lands here: each label set's cells are found by a map lookup per label, no key built or hashed.
        const labels = { provider: providerLabel(provider), method, outcome };
        upstreamRequests(labels).inc();
        upstreamDuration(labels).observe(durationMs / 1000);
      },
      onRetry({ provider, method, code }) {
        upstreamRetries.inc({ provider: providerLabel(provider), method, code });
      },
      onBreakerState({ provider, state }) {
        for (const each of BREAKER_STATES) breakerState.set({ provider: providerLabel(provider), state: each }, each === state ? 1 : 0);
      },
      onQueueFull({ provider }) {
        queueRefusals.inc({ provider: providerLabel(provider) });
      },
    },
    watchHub(stats, cluster) {
      registerHubMetrics(registry, stats);
      if (cluster) registerClusterMetrics(registry, cluster);
    },
    watchEconomy(sources) {
      registerEconomyMetrics(registry, sources);
    },
    watchConnections(sources) {
      registerConnectionMetrics(registry, sources);
    },
  };
}

/** A counter whose sources keep running totals: each scrape copies them in, one series per label set. */
function totalsCounter(registry: Registry, name: string, help: string, labelNames: readonly string[], totals: () => Iterable<readonly [Record<string, string>, number]>): void {
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, value] of totals()) this.inc(labels, value);
    },
  });
}

/** A gauge read from its source at scrape time, one series per label set. */
function scrapedGauge(registry: Registry, name: string, help: string, labelNames: readonly string[], values: () => Iterable<readonly [Record<string, string>, number]>): void {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      for (const [labels, value] of values()) this.set(labels, value);
    },
  });
}

/** One series per limit, reason being a closed set; each source keeps a running total. */
function registerConnectionMetrics(registry: Registry, sources: ConnectionSources): void {
  totalsCounter(
    registry,
    'sessiongraph_connection_refusals_total',
    'What the limits per connection refused, by reason (subscriptionLimit: a graphql-ws subscribe past MAX_SUBSCRIPTIONS_PER_SOCKET; messageTooLarge: a graphql-ws message over MAX_REQUEST_BODY_BYTES, closed 1009; stalledReader: an SSE client that stopped reading, dropped).',
    ['reason'],
    () => {
      const webSockets = sources.webSockets();
      return [
        [{ reason: 'subscriptionLimit' }, webSockets.subscriptionLimit],
        [{ reason: 'messageTooLarge' }, webSockets.messageTooLarge],
        [{ reason: 'stalledReader' }, sources.stalledReaders()],
      ];
    },
  );
}

/** Labels: provider, priority (query, mutation, poll), refusal reason and cache kind, all closed sets. */
function registerEconomyMetrics(registry: Registry, sources: EconomySources): void {
  const budgets = () => sources.budgets.map((budget) => budget.stats());
  /** A gauge per provider, read from the budgets' stats at scrape time. */
  const budgetGauge = (name: string, help: string, value: (stats: BudgetStats) => number): void =>
    scrapedGauge(registry, name, help, ['provider'], () => budgets().map((stats) => [{ provider: providerLabel(stats.provider) }, value(stats)] as const));
  budgetGauge('sessiongraph_budget_rps', "Requests per second the gateway allows itself to each provider now (the limit, shrunk while the provider answers 429).", (stats) => stats.effectiveRps);
  budgetGauge(
    'sessiongraph_budget_left',
    "Slots of each provider's rate budget not yet taken in the current one-second window, as this replica last counted it (with REDIS_URL, the cluster's count at this replica's last call).",
    (stats) => stats.left,
  );
  /** A counter per provider and one more label, copied from each budget's running totals. */
  const byProvider = (name: string, help: string, label: string, totals: (stats: BudgetStats) => Record<string, number>) =>
    totalsCounter(registry, name, help, ['provider', label], () =>
      budgets().flatMap((stats) => Object.entries(totals(stats)).map(([value, count]) => [{ provider: providerLabel(stats.provider), [label]: value }, count] as const)),
    );
  byProvider('sessiongraph_budget_spent_total', "Slots of each provider's rate budget taken on this replica, by priority (query, mutation, poll).", 'priority', (stats) => stats.spent);
  scrapedGauge(registry, 'sessiongraph_budget_waiting', 'Queries and mutations waiting for a slot of the provider budget, and due polls waiting for one (kind).', ['provider', 'kind'], () => {
    const polls = sources.admission().waitingForBudget;
    return budgets().flatMap((stats) => [
      [{ provider: providerLabel(stats.provider), kind: 'query' }, stats.waiting] as const,
      [{ provider: providerLabel(stats.provider), kind: 'poll' }, polls[stats.provider]] as const,
    ]);
  });
  totalsCounter(registry, 'sessiongraph_budget_stretched_total', 'Polls put off because the provider budget was short: each one stretched a poller interval.', ['provider'], () =>
    budgets().map((stats) => [{ provider: providerLabel(stats.provider) }, stats.stretched] as const),
  );
  byProvider(
    'sessiongraph_budget_refusals_total',
    "Queries and mutations the provider budget refused with RATE_LIMITED, by reason (deadline: no slot before the request's deadline; queueFull: the client has too many waiting; closed: shutting down).",
    'reason',
    (stats) => stats.refused,
  );
  totalsCounter(registry, 'sessiongraph_watch_refusals_total', 'Subscriptions refused with WATCH_LIMIT_EXCEEDED: their client already watched MAX_WATCHED_SESSIONS_PER_CLIENT sessions.', [], () => [
    [{}, sources.admission().watchRefusals],
  ]);
  totalsCounter(registry, 'sessiongraph_read_cache_hits_total', 'Session reads answered without an upstream call, by kind (terminal, notFound, snapshot).', ['kind'], () =>
    Object.entries(sources.caches().hits).map(([kind, count]) => [{ kind }, count] as const),
  );
}

function registerHubMetrics(registry: Registry, stats: () => HubStats): void {
  scrapedGauge(registry, 'sessiongraph_active_subscriptions', 'Open subscription streams on this replica (SSE and WebSocket).', [], () => [[{}, stats().activeSubscriptions]]);
  scrapedGauge(registry, 'sessiongraph_active_pollers', 'Sessions this replica is polling right now; one poller serves every subscriber of a session.', [], () => [[{}, stats().activePollers]]);
  // The hub keeps running totals, so each scrape copies them into the counters.
  const perProvider = (totals: (s: HubStats) => HubStats['polls']) => () => {
    const current = totals(stats());
    return PROVIDERS.map((provider) => [{ provider: providerLabel(provider) }, current[provider]] as const);
  };
  totalsCounter(registry, 'sessiongraph_polls_total', 'Upstream fetches made by subscription pollers, by provider.', ['provider'], perProvider((s) => s.polls));
  totalsCounter(registry, 'sessiongraph_poll_errors_total', 'Poller fetches that failed (transient or not), by provider.', ['provider'], perProvider((s) => s.pollErrors));
}

function registerClusterMetrics(registry: Registry, cluster: ClusterRole): void {
  const leading = (): number => (cluster.mode() === 'cluster' ? cluster.leaderKeys().length : 0);
  scrapedGauge(registry, 'sessiongraph_redis_connected', '1 while this replica shares polling with the cluster over Redis; 0 while it polls alone (Redis unreachable).', [], () => [
    [{}, cluster.mode() === 'cluster' ? 1 : 0],
  ]);
  scrapedGauge(registry, 'sessiongraph_redis_leader', '1 while this replica is the Redis leader (the one polling) for at least one session, else 0.', [], () => [[{}, leading() > 0 ? 1 : 0]]);
  scrapedGauge(registry, 'sessiongraph_redis_leader_keys', 'Sessions this replica polls as the Redis leader on behalf of the cluster.', [], () => [[{}, leading()]]);
}
