import type { RequestListener } from 'node:http';
import { GraphQLError } from 'graphql';
import { createYoga, maskError as yogaMaskError, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import type { Tracer } from '@opentelemetry/api';
import type { Registry } from 'prom-client';
import { clientIdentity, createContext, type GatewayContext, type GatewayLimits } from './context.js';
import { useDashboard } from './dashboard/use-dashboard.js';
import { renderGraphiQLPage, useGraphiQLAssets } from './graphiql/use-graphiql.js';
import type { PersistedDocuments } from './documents/persisted-documents.js';
import { usePersistedDocuments } from './documents/use-persisted-documents.js';
import type { PollerHub } from './live/poller-hub.js';
import type { Logger } from './observability/logger.js';
import type { Readiness } from './observability/readiness.js';
import { pollInBackground } from './observability/request-context.js';
import { useHealth } from './observability/use-health.js';
import { useMetrics } from './observability/use-metrics.js';
import { useRequestId } from './observability/use-request-id.js';
import { useTracing } from './observability/use-tracing.js';
import { schema } from './schema.js';
import { toGraphQLError } from './schema/errors.js';
import { useChangedResultsOnly } from './schema/use-changed-results-only.js';
import { corsFor, useWebSocketOriginCheck } from './security/cross-origin.js';
import { withoutInternalDetail } from './security/production-errors.js';
import { createDeadlineClock, useRequestDeadline } from './security/request-deadline.js';
import { clientAuthEnabled, DEFAULT_SECURITY, type SecuritySettings } from './security/security-settings.js';
import { requestCredentials } from './security/upstream-key-headers.js';
import { useClientAuth } from './security/use-client-auth.js';
import { useCsrfPrevention } from './security/use-csrf-prevention.js';
import { useEarlyNotAcceptable } from './security/use-early-not-acceptable.js';
import { useInputErrors } from './security/use-input-errors.js';
import { useNoIntrospection } from './security/use-no-introspection.js';
import { useQueryLimits } from './security/use-query-limits.js';
import { useSessionBudget } from './security/use-session-budget.js';
import { createDocumentCache, useDocumentCache, type DocumentCache } from './execution/use-document-cache.js';
import { useJitExecutor } from './execution/use-jit-executor.js';
import { createHotPath, type HotPathState } from './server/hot-path/hot-path.js';
import { withHotPath, type HotPathPlugin } from './server/hot-path/hot-path-hooks.js';
import { useRequestBodyLimit } from './server/use-request-body-limit.js';
import type { Provider } from './upstreams/provider.js';
import { UpstreamError } from './upstreams/upstream-error.js';
import type { SessionCaches } from './upstreams/cache/session-caches.js';
import type { Upstreams } from './upstreams/upstreams.js';

export interface GatewayDeps {
  upstreams: Upstreams;
  hub: PollerHub;
  /** The provider keys requests use. */
  credentials: Readonly<Record<Provider, string>>;
  limits: GatewayLimits;
  /** Terminal sessions and recent 404s that reads answer from (docs/economy.md). @default none: every read calls the provider */
  caches?: SessionCaches;
  logger: Logger;
  /** Serve this registry on /metrics, with yoga's operation metrics added to it. @default no /metrics */
  metrics?: Registry;
  /** What /ready reports. @default always ready */
  readiness?: Readiness;
  /** Traces each operation when given. @default no tracing */
  tracer?: Tracer;
  /** Operations clients may send by id (the dashboard's, plus TRUSTED_DOCUMENTS). @default none: ids are refused */
  persistedDocuments?: PersistedDocuments;
  /** Trusted-documents mode: run only `persistedDocuments`. @default false */
  trustedDocumentsOnly?: boolean;
  /** Client auth, query limits, production switches and the request deadline (docs/security.md). @default DEFAULT_SECURITY */
  security?: SecuritySettings;
  /** Plugins of the embedding application, after the gateway's own; they run on every path (what they do on the hot path: src/server/hot-path/hot-path-hooks.ts). @default none */
  plugins?: HotPathPlugin[];
  /**
   * Serve GraphiQL on GET /graphql from a browser.
   * @default true
   */
  graphiql?: boolean;
}

/** The yoga instance: GraphQL over HTTP, and the envelop graphql-ws and the hot path run. */
export type GraphQLServer = YogaServerInstance<Record<string, never>, GatewayContext>;

export const GRAPHIQL_DEFAULT_QUERY = `# sessiongraph: one API over deepset Cloud, LightOn Paradigm, Ping Network and Kadoa.
# With no provider configured these are the sandbox's demo sessions; their state moves over time.
query DemoSessions {
  deepset: deepsetUploadSession(workspace: "demo", sessionId: "d0000000-0000-4000-8000-000000000001") {
    ...Common
    status
    ingestionStatus { finishedFiles failedFiles }
  }
  paradigm: paradigmUploadSession(uuid: "a0000000-0000-4000-8000-000000000001") {
    ...Common
    documentCounts { total final failed }
    documents { id title status }
  }
  ping: pingVpnSession(id: "vpn-demo-1") {
    ...Common
    status
    uploadedBytes
    downloadedBytes
  }
  kadoa: kadoaCrawlSession(sessionId: "crawl-demo-1") {
    ...Common
    crawledPages
    finished
  }
}

fragment Common on Session {
  id
  provider
  state
  providerStatus
  isTerminal
  fetchedAt
}
`;

/**
 * Expected failures keep their message and code; anything else is masked by yoga (no message,
 * no stack outside development). Neither carries an upstream body or a credential.
 */
export function maskGatewayError(error: unknown, message: string, isDev?: boolean): Error {
  const expected = expectedFailure(error);
  return expected ? toGraphQLError(expected, error instanceof GraphQLError ? error : undefined) : yogaMaskError(error, message, isDev);
}

/** The expected failure behind an error, if that is what it is (graphql-js wraps resolver errors). */
function expectedFailure(error: unknown): UpstreamError | undefined {
  const original = error instanceof GraphQLError ? error.originalError : error;
  return original instanceof UpstreamError ? original : undefined;
}

/**
 * yoga logs every error it masks at error level; an upstream's 404 or a client's bad id is an
 * expected outcome, so those go to debug with their code and nothing else.
 */
function yogaLogger(logger: Logger): YogaLogger {
  return {
    // yoga logs two debug lines for every operation: the strings are made only when they are written.
    debug: (...args: unknown[]) => logger.isLevelEnabled('debug') && logger.debug({ detail: args.map(String) }, 'yoga'),
    info: (...args: unknown[]) => logger.info({ detail: args.map(String) }, 'yoga'),
    warn: (...args: unknown[]) => logger.warn({ detail: args.map(String) }, 'yoga'),
    error: (...args: unknown[]) => {
      for (const arg of args) {
        const expected = expectedFailure(arg);
        if (expected) {
          logger.debug({ code: expected.code, provider: expected.provider }, 'expected error');
        } else {
          logger.error({ err: arg }, 'unexpected error');
        }
      }
    },
  };
}

/** The plugins every path runs, and the parse cache they fill, which the hot path reads. */
function pipeline(deps: GatewayDeps): { plugins: HotPathPlugin[]; documents: DocumentCache } {
  const documents = createDocumentCache();
  return { plugins: gatewayPlugins(deps, documents), documents };
}

/** Cross-cutting behaviour, in the order it applies. Each concern lives in its own plugin file. */
function gatewayPlugins(deps: GatewayDeps, documents: DocumentCache): HotPathPlugin[] {
  const security = deps.security ?? DEFAULT_SECURITY;
  return [
    useRequestId(),
    useHealth({ readiness: deps.readiness }),
    ...(deps.tracer ? [useTracing({ tracer: deps.tracer })] : []),
    ...(deps.metrics ? [useMetrics({ registry: deps.metrics })] : []),
    // They serve GET only, never the hot path's POSTs.
    withHotPath(useDashboard(), {}),
    ...(deps.graphiql === false ? [] : [withHotPath(useGraphiQLAssets(), {})]),
    ...(deps.persistedDocuments ? [usePersistedDocuments({ documents: deps.persistedDocuments, trustedOnly: deps.trustedDocumentsOnly })] : []),
    ...securityPlugins(security),
    useChangedResultsOnly(),
    // Last, so it wraps whichever request parser the plugins above chose.
    useRequestBodyLimit({ maxBytes: security.maxRequestBodyBytes }),
    ...(deps.plugins ?? []),
    useJitExecutor(),
    // Where yoga's own cache would be: after every other plugin's parse and validate hooks.
    useDocumentCache(documents),
  ];
}

/** Hardening (docs/security.md): who may call, what they may send, and how long it may take. */
function securityPlugins(security: SecuritySettings): HotPathPlugin[] {
  return [
    useWebSocketOriginCheck(security.corsOrigins),
    ...(clientAuthEnabled(security) ? [useClientAuth(security)] : []),
    ...(security.csrfPrevention ? [useCsrfPrevention()] : []),
    useEarlyNotAcceptable(),
    ...(security.introspection ? [] : [useNoIntrospection()]),
    useQueryLimits(security),
    useInputErrors(),
    useSessionBudget(security.queryLimits),
    useRequestDeadline(),
  ];
}

/** The context of one operation, from the server context of whichever protocol carries it (yoga's, graphql-ws's, the hot path's). */
function contextFactory(deps: GatewayDeps, security: SecuritySettings): (serverContext: unknown) => GatewayContext {
  const contextDeps = { upstreams: deps.upstreams, hub: pollInBackground(deps.hub), limits: deps.limits, caches: deps.caches, deadlineMs: security.requestDeadlineMs };
  const deadline = createDeadlineClock(security.requestDeadlineMs);
  const authChecked = clientAuthEnabled(security);
  return (serverContext) =>
    createContext(contextDeps, requestCredentials(serverContext, deps.credentials, security.clientUpstreamKeys), deadline(), clientIdentity(serverContext, authChecked));
}

/**
 * The GraphQL server as a fetch-style handler. It never listens and never reads the environment.
 * `shared` is what createGatewayListener hands the hot path too: the plugins and the parse cache.
 */
export function createGraphQLServer(deps: GatewayDeps, shared = pipeline(deps)): GraphQLServer {
  const security = deps.security ?? DEFAULT_SECURITY;
  return createYoga<Record<string, never>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    batching: false,
    multipart: false,
    cors: corsFor(security.corsOrigins),
    // Enforced by useRequestBodyLimit, which does not stream every body through a counter.
    maxRequestBodySize: false,
    context: contextFactory(deps, security),
    maskedErrors: security.maskInternalErrors ? { maskError: withoutInternalDetail(maskGatewayError), isDev: false } : { maskError: maskGatewayError },
    logging: yogaLogger(deps.logger),
    renderGraphiQL: renderGraphiQLPage,
    plugins: shared.plugins,
    parserAndValidationCache: false,
    graphiql: deps.graphiql === false ? false : { title: 'sessiongraph', defaultQuery: GRAPHIQL_DEFAULT_QUERY },
  });
}

export interface GatewayListenerDeps extends GatewayDeps {
  /** Serve plain queries and mutations from node's request, through yoga's envelop, without its fetch conversion (src/server/hot-path/). @default true */
  hotPath?: boolean;
}

export interface GatewayListener {
  graphqlServer: GraphQLServer;
  /** What the HTTP server runs: the hot path in front of yoga, or yoga alone. */
  listener: RequestListener;
  /** Whether the hot path is in front (and what it served), and if not, why not. */
  hotPath: HotPathState;
}

/**
 * The gateway behind an HTTP server: yoga, with the hot path in front unless HOT_PATH=0 or a
 * plugin needs yoga's request-level hooks on every request. Both run the same plugins and answer
 * the same (test/server/hot-path.test.ts); the hot path only costs less.
 */
export function createGatewayListener(deps: GatewayListenerDeps): GatewayListener {
  const shared = pipeline(deps);
  const server = createGraphQLServer(deps, shared);
  if (deps.hotPath === false) return { graphqlServer: server, listener: server, hotPath: { on: false, reason: 'HOT_PATH=0' } };
  const { listener, state } = createHotPath({ server, ...shared });
  return { graphqlServer: server, listener, hotPath: state };
}
