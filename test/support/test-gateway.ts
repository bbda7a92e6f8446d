import { loadConfig } from '../../src/config/load-config.js';
import { encodeSessionId } from '../../src/schema/global-id.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { startGateway, type RunningGateway } from '../../src/start-gateway.js';
import type { SessionRef } from '../../src/upstreams/session-ref.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestGateway extends RunningGateway {
  sandbox: Sandbox;
  /** POST /graphql over a real socket; returns the parsed body. */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Same, keeping the HTTP status too. */
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: GraphQLResponse; contentType: string | null }>;
}

/** A gateway on port 0 in front of a sandbox whose demo sessions move only when the test calls tick(). */
export async function startTestGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  const running = await startGateway(loadConfig({ SANDBOX: '1', PORT: '0', ...env }), { sandboxTickMs: false });
  const post: TestGateway['post'] = async (body, headers = {}) => {
    const response = await fetch(`${running.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as GraphQLResponse };
  };
  return {
    ...running,
    sandbox: running.sandbox!,
    post,
    async query<T>(query: string, variables?: Record<string, unknown>) {
      return (await post({ query, variables })).body as GraphQLResponse<T>;
    },
  };
}

export const DEMO = {
  deepsetOpen: { provider: 'DEEPSET', workspace: 'demo', sessionId: 'd0000000-0000-4000-8000-000000000001' },
  deepsetClosed: { provider: 'DEEPSET', workspace: 'demo', sessionId: 'd0000000-0000-4000-8000-000000000002' },
  deepsetExpired: { provider: 'DEEPSET', workspace: 'demo', sessionId: 'd0000000-0000-4000-8000-000000000003' },
  paradigmMoving: { provider: 'PARADIGM', sessionId: 'a0000000-0000-4000-8000-000000000001' },
  paradigmDone: { provider: 'PARADIGM', sessionId: 'a0000000-0000-4000-8000-000000000002' },
  pingMoving: { provider: 'PING', sessionId: 'vpn-demo-1' },
  pingDisconnected: { provider: 'PING', sessionId: 'vpn-demo-2' },
  kadoaCrawling: { provider: 'KADOA', sessionId: 'crawl-demo-1' },
  kadoaFailed: { provider: 'KADOA', sessionId: 'crawl-demo-2' },
} as const satisfies Record<string, SessionRef>;

export const gid = (ref: SessionRef): string => encodeSessionId(ref);

/** GET a sandbox endpoint directly with the right key, to compare the gateway's answer with the upstream's own. */
export async function upstreamJson(sandbox: Sandbox, ref: SessionRef): Promise<unknown> {
  const paths: Record<SessionRef['provider'], string> = {
    DEEPSET: ref.provider === 'DEEPSET' ? `/api/v1/workspaces/${ref.workspace}/upload_sessions/${ref.sessionId}` : '',
    PARADIGM: `/api/v2/upload-session/${ref.sessionId}`,
    PING: `/sessions/${ref.sessionId}/status`,
    KADOA: `/v4/crawl/${ref.sessionId}/status`,
  };
  const key = sandbox.keys[ref.provider];
  const headers: Record<string, string> =
    ref.provider === 'KADOA' ? { 'x-api-key': key } : ref.provider === 'PING' ? { authorization: key } : { authorization: `Bearer ${key}` };
  const response = await fetch(`${sandbox.urls[ref.provider]}${paths[ref.provider]}`, { headers });
  return JSON.parse(await response.text());
}
