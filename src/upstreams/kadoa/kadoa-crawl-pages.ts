import { array, nullable, object, oneOf, required, string, type Decoder } from '../decode.js';
import { decodeKadoaPagination, type KadoaPagination } from './kadoa-crawl-paging.js';

export const KADOA_PAGE_STATUSES = ['DONE', 'CRAWLING', 'PENDING'] as const;
export type KadoaPageStatus = (typeof KADOA_PAGE_STATUSES)[number];

export interface KadoaCrawlPage {
  id: string;
  url: string;
  status: KadoaPageStatus;
}

export interface KadoaCrawlPages {
  sessionId: string;
  error: string | null;
  pages: KadoaCrawlPage[];
  pagination: KadoaPagination;
}

const decodePage: Decoder<KadoaCrawlPage> = (value, path) => {
  const page = object(value, path);
  return {
    id: required(page, 'id', string, path),
    url: required(page, 'url', string, path),
    status: required(page, 'status', oneOf(KADOA_PAGE_STATUSES), path),
  };
};

/** Decodes `GetCrawlerSessionPagesResponse`, the answer of `GET /v4/crawl/{sessionId}/pages?currentPage&pageSize`. */
export function decodeKadoaCrawlPages(json: unknown): KadoaCrawlPages {
  const body = object(json, '$');
  return {
    sessionId: required(body, 'sessionId', string, '$'),
    error: required(body, 'error', nullable(string), '$'),
    pages: required(body, 'payload', array(decodePage), '$'),
    pagination: required(body, 'pagination', decodeKadoaPagination, '$'),
  };
}
