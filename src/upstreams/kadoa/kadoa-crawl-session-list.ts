import { array, boolean, number, object, optional, required, string, type Decoder } from '../decode.js';
import { decodeKadoaPagination, type KadoaPagination } from './kadoa-crawl-paging.js';

/** One `CrawlerSessionItem`. The live stats are optional in the contract: null when left out. */
export interface KadoaCrawlSessionListItem {
  sessionId: string;
  configId: string;
  domain: string;
  startUrls: string[];
  userId: string;
  /** The contract types it as a plain string (no date-time format), so it is passed through as text. */
  createdAt: string;
  activeJobs: number | null;
  waitingJobs: number | null;
  crawledPages: number | null;
  finished: boolean | null;
}

export interface KadoaCrawlSessionList {
  items: KadoaCrawlSessionListItem[];
  pagination: KadoaPagination;
}

const decodeItem: Decoder<KadoaCrawlSessionListItem> = (value, path) => {
  const item = object(value, path);
  return {
    sessionId: required(item, 'sessionId', string, path),
    configId: required(item, 'configId', string, path),
    domain: required(item, 'domain', string, path),
    startUrls: required(item, 'startUrls', array(string), path),
    userId: required(item, 'userId', string, path),
    createdAt: required(item, 'createdAt', string, path),
    activeJobs: optional(item, 'activeJobs', number, path, null),
    waitingJobs: optional(item, 'waitingJobs', number, path, null),
    crawledPages: optional(item, 'crawledPages', number, path, null),
    finished: optional(item, 'finished', boolean, path, null),
  };
};

/** Decodes `ListCrawlerSessionsResponse`, the answer of `GET /v4/crawl/sessions?page&pageSize`. */
export function decodeKadoaCrawlSessionList(json: unknown): KadoaCrawlSessionList {
  const body = object(json, '$');
  return {
    items: required(body, 'data', array(decodeItem), '$'),
    pagination: required(body, 'pagination', decodeKadoaPagination, '$'),
  };
}
