import type { DemoSessions } from '../../sandbox/demo-sessions.js';
import { decodePathParam, errorReplies, jsonReply, parseJsonBody, type Reply } from '../../sandbox/http-server.js';
import { isJsonObject } from '../decode.js';
import type { ProviderApi, RouteHandler } from '../../sandbox/provider-api.js';

/** Kadoa's errors carry `error: true`; `details` is null unless there were validation errors to list. */
const kadoaError = errorReplies((_status, message) => ({ error: true, message, details: null }));

interface Problem {
  path: string;
  message: string;
}

const invalid = (problems: Problem[]): Reply => jsonReply(400, { error: true, message: 'Validation failed', details: problems });
const notFound = (): Reply => kadoaError(404, 'Session not found');

/** A crawl started without `maxPages` crawls this many pages; more than the cap is crawled as the cap. */
const DEFAULT_CRAWL_PAGES = 8;
const MAX_CRAWL_PAGES = 100;
/** The contract's own default and maximum for the session list; the sandbox uses them for pages too. */
const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;

export function createKadoaApi(demos: DemoSessions): ProviderApi {
  /** Pause and resume both take `{sessionId}`; `act` says whether the crawl moved, else the 400 with `refusal`. */
  const command = (act: (id: string) => boolean, done: string, refusal: string): RouteHandler => async ({ body }) => {
    const parsed = parseJsonBody(await body());
    const id = parsed.kind === 'json' && isJsonObject(parsed.value) ? parsed.value.sessionId : undefined;
    if (typeof id !== 'string' || id === '') return invalid([{ path: 'sessionId', message: 'Required' }]);
    if (demos.kadoaSession(id) === undefined) return notFound();
    return act(id) ? jsonReply(200, { message: done, sessionId: id, error: null }) : kadoaError(400, refusal);
  };

  return {
    provider: 'KADOA',
    basePath: '',
    auth: { kind: 'header', name: 'x-api-key' },
    routes: [
      {
        pattern: /^\/v4\/crawl\/$/,
        methods: {
          POST: async ({ body }) => {
            const parsed = startBody(await body());
            if ('problems' in parsed) return invalid(parsed.problems);
            const { sessionId, configId } = demos.startKadoaCrawl(parsed.startUrls, parsed.pages);
            return jsonReply(200, { message: 'Crawl started', sessionId, configId, error: null });
          },
        },
      },
      {
        pattern: /^\/v4\/crawl\/pause$/,
        methods: {
          POST: command((id) => demos.pauseKadoaCrawl(id), 'Session paused', 'Session is not active'),
        },
      },
      {
        pattern: /^\/v4\/crawl\/resume$/,
        methods: {
          POST: command((id) => demos.resumeKadoaCrawl(id), 'Session resumed', 'Session is not paused'),
        },
      },
      {
        pattern: /^\/v4\/crawl\/sessions$/,
        methods: {
          GET: ({ query }) => {
            const paging = pagingQuery(query, 'page');
            if ('problems' in paging) return invalid(paging.problems);
            const userId = query.get('userId');
            const crawls = demos.kadoaCrawls().filter((crawl) => userId === null || crawl.userId === userId);
            return jsonReply(200, { data: pageOf(crawls, paging), pagination: paginationOf(crawls.length, paging) });
          },
        },
      },
      {
        pattern: /^\/v4\/crawl\/(?<sessionId>[^/]+)\/pages$/,
        methods: {
          GET: ({ params, query }) => {
            const id = decodePathParam(params.sessionId) ?? '';
            const paging = pagingQuery(query, 'currentPage');
            if ('problems' in paging) return invalid(paging.problems);
            const pages = demos.kadoaPages(id);
            const status = demos.kadoaSession(id);
            if (pages === undefined || status === undefined) return notFound();
            return jsonReply(200, { payload: pageOf(pages, paging), pagination: paginationOf(pages.length, paging), sessionId: id, error: status.error });
          },
        },
      },
      {
        pattern: /^\/v4\/crawl\/(?<sessionId>[^/]+)\/status$/,
        methods: {
          GET: ({ params }) => {
            const session = demos.kadoaSession(decodePathParam(params.sessionId) ?? '');
            return session === undefined ? notFound() : jsonReply(200, session);
          },
        },
      },
    ],
    errorReply: kadoaError,
    contractViolation: () => ({ payload: { crawledPages: 1, finished: false, status: 'crawling' }, error: false }),
    paddedBody: (padding) => ({
      sessionId: 'crawl-demo-1',
      error: null,
      payload: { crawledPages: 0, finished: false, status: 'crawling', startUrl: `https://example.com/${padding}` },
    }),
  };
}

interface Paging {
  page: number;
  pageSize: number;
}

/** Both lists take a 1-based page and a page size of at least 1; the sandbox wants whole numbers. */
function pagingQuery(query: URLSearchParams, pageName: 'page' | 'currentPage'): Paging | { problems: Problem[] } {
  const problems: Problem[] = [];
  const read = (name: string, fallback: number, max: number): number => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(Number.isSafeInteger(value) && value >= 1 && value <= max)) problems.push({ path: name, message: `Expected a whole number from 1 to ${max}` });
    return value;
  };
  const page = read(pageName, 1, Number.MAX_SAFE_INTEGER);
  const pageSize = read('pageSize', DEFAULT_PAGE_SIZE, pageName === 'page' ? MAX_PAGE_SIZE : Number.MAX_SAFE_INTEGER);
  return problems.length > 0 ? { problems } : { page, pageSize };
}

function pageOf<T>(items: readonly T[], { page, pageSize }: Paging): T[] {
  return items.slice((page - 1) * pageSize, page * pageSize);
}

function paginationOf(totalItems: number, { page, pageSize }: Paging) {
  const totalPages = Math.ceil(totalItems / pageSize);
  return { page, pageSize, totalItems, totalPages, hasMore: page < totalPages };
}

/** StartCrawlerSessionRequest: `startUrls`, or the older single `url`, must name at least one http(s) URL. */
function startBody(raw: Buffer): { startUrls: string[]; pages: number } | { problems: Problem[] } {
  const parsed = parseJsonBody(raw);
  if (parsed.kind !== 'json' || !isJsonObject(parsed.value)) return { problems: [{ path: '', message: 'Expected a JSON object' }] };
  const body = parsed.value;
  const problems: Problem[] = [];
  const urls: unknown = body.startUrls ?? (body.url === undefined ? undefined : [body.url]);
  if (!Array.isArray(urls) || urls.length === 0) {
    problems.push({ path: 'startUrls', message: 'Provide startUrls or url' });
  } else {
    urls.forEach((url, index) => {
      if (!isHttpUrl(url)) problems.push({ path: `startUrls.${index}`, message: 'Invalid url' });
    });
  }
  for (const name of ['maxDepth', 'maxPages', 'maxMatches', 'concurrency', 'timeout']) {
    const value = body[name];
    if (value !== undefined && !(typeof value === 'number' && value >= 1)) problems.push({ path: name, message: 'Expected a number >= 1' });
  }
  for (const name of ['pathsFilterIn', 'pathsFilterOut']) {
    const value = body[name];
    if (value !== undefined && !(Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length > 0))) {
      problems.push({ path: name, message: 'Expected an array of non-empty strings' });
    }
  }
  if (problems.length > 0) return { problems };
  const maxPages = typeof body.maxPages === 'number' ? Math.floor(body.maxPages) : DEFAULT_CRAWL_PAGES;
  return { startUrls: urls as string[], pages: Math.min(MAX_CRAWL_PAGES, maxPages) };
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
