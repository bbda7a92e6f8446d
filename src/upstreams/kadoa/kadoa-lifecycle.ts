import { contractChecked } from '../decode.js';
import type { SendUpstream } from '../http/send-upstream.js';
import type { CallOptions } from '../session-client.js';
import type { SessionRef } from '../session-ref.js';
import { UpstreamError } from '../upstream-error.js';
import { decodeKadoaCrawlCommandResult, decodeKadoaCrawlStarted, type KadoaCrawlCommandResult } from './kadoa-crawl-command.js';
import { decodeKadoaCrawlPages, type KadoaCrawlPages } from './kadoa-crawl-pages.js';
import { decodeKadoaCrawlSessionList, type KadoaCrawlSessionList } from './kadoa-crawl-session-list.js';
import { kadoaSpec } from './kadoa-spec.js';

/** What "Start crawl" takes, in the contract's own names; absent options are left to Kadoa's defaults. */
export interface KadoaStartInput {
  startUrls: string[];
  maxDepth?: number;
  maxPages?: number;
  pathsFilterIn?: string[];
  pathsFilterOut?: string[];
}

/** A Kadoa command answers 200 with `error` set when it did not happen: that is a refusal, not a success. */
function accepted<T extends KadoaCrawlCommandResult>(result: T, command: string): T {
  if (result.error !== null) throw new UpstreamError('INVALID_INPUT', 'KADOA', `Kadoa refused to ${command} the crawl`, { upstreamStatus: 200 });
  return result;
}

/** Start, pause, resume and both paged lists of Kadoa's crawl API (v4). Refs and inputs come validated from the GraphQL edge. */
export function createKadoaLifecycle(send: SendUpstream) {
  const headers = (options: CallOptions) => ({ accept: 'application/json', ...kadoaSpec.authHeaders(options.credential) });
  const get = async (path: string, options: CallOptions) => (await send({ method: 'GET', path, idempotent: true, headers: headers(options) }, options)).json;
  // Never retried: a retried pause answers 400 once the first one worked, and a retried start starts a second crawl.
  const post = async (path: string, body: unknown, options: CallOptions) =>
    (await send({ method: 'POST', path, idempotent: false, headers: headers(options), body: JSON.stringify(body) }, options)).json;
  const command = async (verb: 'pause' | 'resume', ref: SessionRef, options: CallOptions): Promise<void> => {
    const json = await post(`/v4/crawl/${verb}`, { sessionId: ref.sessionId }, options);
    accepted(contractChecked('KADOA', () => decodeKadoaCrawlCommandResult(json)), verb);
  };
  return {
    async startCrawl(input: KadoaStartInput, options: CallOptions): Promise<{ sessionId: string }> {
      const json = await post('/v4/crawl/', input, options);
      const started = accepted(contractChecked('KADOA', () => decodeKadoaCrawlStarted(json)), 'start');
      return { sessionId: started.sessionId };
    },
    pause: (ref: SessionRef, options: CallOptions) => command('pause', ref, options),
    resume: (ref: SessionRef, options: CallOptions) => command('resume', ref, options),
    async listCrawlSessions(page: { page: number; pageSize: number }, options: CallOptions): Promise<KadoaCrawlSessionList> {
      const query = new URLSearchParams({ page: String(page.page), pageSize: String(page.pageSize) });
      const json = await get(`/v4/crawl/sessions?${query}`, options);
      return contractChecked('KADOA', () => decodeKadoaCrawlSessionList(json));
    },
    async listCrawlPages(ref: SessionRef, page: { page: number; pageSize: number }, options: CallOptions): Promise<KadoaCrawlPages> {
      const query = new URLSearchParams({ currentPage: String(page.page), pageSize: String(page.pageSize) });
      const json = await get(`/v4/crawl/${encodeURIComponent(ref.sessionId)}/pages?${query}`, options);
      return contractChecked('KADOA', () => decodeKadoaCrawlPages(json));
    },
  };
}
