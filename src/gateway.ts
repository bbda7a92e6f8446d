import { GraphQLError } from 'graphql';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, maskError as yogaMaskError, type Plugin, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import { createContext, type GatewayContext, type GatewayLimits } from './context.js';
import type { PollerHub } from './live/poller-hub.js';
import type { Logger } from './observability/logger.js';
import { schema } from './schema.js';
import { SessionError, toGraphQLError } from './schema/errors.js';
import type { Provider } from './upstreams/provider.js';
import { UpstreamError } from './upstreams/upstream-error.js';
import type { Upstreams } from './upstreams/upstreams.js';

export interface GatewayDeps {
  upstreams: Upstreams;
  hub: PollerHub;
  /** The provider keys requests use. */
  credentials: Readonly<Record<Provider, string>>;
  limits: GatewayLimits;
  logger: Logger;
  /**
   * Serve GraphiQL on GET /graphql from a browser.
   * @default true
   */
  graphiql?: boolean;
}

export type Gateway = YogaServerInstance<Record<string, never>, GatewayContext>;

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
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof UpstreamError || original instanceof SessionError) {
    return toGraphQLError(original, error instanceof GraphQLError ? error : undefined);
  }
  return yogaMaskError(error, message, isDev);
}

function isExpected(error: unknown): boolean {
  const original = error instanceof GraphQLError ? error.originalError : error;
  return original instanceof UpstreamError || original instanceof SessionError;
}

/**
 * yoga logs every error it masks at error level; an upstream's 404 or a client's bad id is an
 * expected outcome, so those go to debug with their code and nothing else.
 */
function yogaLogger(logger: Logger): YogaLogger {
  return {
    debug: (...args: unknown[]) => logger.debug({ detail: args.map(String) }, 'yoga'),
    info: (...args: unknown[]) => logger.info({ detail: args.map(String) }, 'yoga'),
    warn: (...args: unknown[]) => logger.warn({ detail: args.map(String) }, 'yoga'),
    error: (...args: unknown[]) => {
      for (const arg of args) {
        if (isExpected(arg)) {
          const original = (arg instanceof GraphQLError ? arg.originalError : arg) as UpstreamError | SessionError;
          logger.debug({ code: original.code, provider: original.provider }, 'expected error');
        } else {
          logger.error({ err: arg }, 'unexpected error');
        }
      }
    },
  };
}

/** The bundled GraphiQL (no CDN: the sandbox must work offline), rendered once: it is ~9 MB. */
let graphiqlPage: string | undefined;
function renderOfflineGraphiQL(options: Parameters<typeof renderGraphiQL>[0]): string {
  graphiqlPage ??= renderGraphiQL(options);
  return graphiqlPage;
}

/** Cross-cutting behaviour, in the order it applies. Each concern lives in its own plugin file. */
function gatewayPlugins(_deps: GatewayDeps): Plugin[] {
  return [];
}

/** The gateway as a fetch-style handler. It never listens and never reads the environment. */
export function createGateway(deps: GatewayDeps): Gateway {
  const contextDeps = { upstreams: deps.upstreams, hub: deps.hub, limits: deps.limits };
  return createYoga<Record<string, never>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    batching: false,
    context: () => createContext(contextDeps, deps.credentials),
    maskedErrors: { maskError: maskGatewayError },
    logging: yogaLogger(deps.logger),
    renderGraphiQL: renderOfflineGraphiQL,
    plugins: gatewayPlugins(deps),
    graphiql: deps.graphiql === false ? false : { title: 'sessiongraph', defaultQuery: GRAPHIQL_DEFAULT_QUERY },
  });
}
