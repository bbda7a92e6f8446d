import { request, type Dispatcher } from 'undici';
import type { Provider } from '../../src/upstreams/provider.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';

/** Path of a demo session's read endpoint, relative to `sandbox.urls[provider]`. */
export const SESSION_PATH: Record<Provider, (id: string) => string> = {
  DEEPSET: (id) => `/api/v1/workspaces/demo/upload_sessions/${id}`,
  PARADIGM: (id) => `/api/v2/upload-session/${id}`,
  PING: (id) => `/sessions/${id}/status`,
  KADOA: (id) => `/v4/crawl/${id}/status`,
};

/** The credential header exactly as each contract asks for it. */
export function authHeaders(provider: Provider, key: string): Record<string, string> {
  switch (provider) {
    case 'DEEPSET':
    case 'PARADIGM':
      return { authorization: `Bearer ${key}` };
    case 'PING':
      return { authorization: key };
    case 'KADOA':
      return { 'x-api-key': key };
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface CallOptions {
  method?: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** Replaces the default (correct) credential headers. */
  headers?: Record<string, string>;
  body?: string;
  dispatcher?: Dispatcher;
}

/** One real HTTP request to a simulator, with the right credential unless `headers` says otherwise. */
export async function call(sandbox: Sandbox, provider: Provider, path: string, options: CallOptions = {}): Promise<RawResponse> {
  const response = await request(`${sandbox.urls[provider]}${path}`, {
    method: options.method ?? 'GET',
    headers: options.headers ?? authHeaders(provider, sandbox.keys[provider]),
    body: options.body,
    dispatcher: options.dispatcher,
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

/** GETs a session and returns its parsed body, failing loudly on anything but 200. */
export async function getSession(sandbox: Sandbox, provider: Provider, id: string): Promise<unknown> {
  const response = await call(sandbox, provider, SESSION_PATH[provider](id));
  if (response.status !== 200) throw new Error(`${provider} ${id}: expected 200, got ${response.status} ${response.text}`);
  return JSON.parse(response.text);
}

export function closeDeepset(sandbox: Sandbox, id: string, body = '{"status":"CLOSED"}'): Promise<RawResponse> {
  return call(sandbox, 'DEEPSET', SESSION_PATH.DEEPSET(id), {
    method: 'PUT',
    body,
    headers: { ...authHeaders('DEEPSET', sandbox.keys.DEEPSET), 'content-type': 'application/json' },
  });
}
