import { boolean, number, object, required, type Decoder } from '../decode.js';

/**
 * The `pagination` object both of Kadoa's paged lists (sessions, pages of a session) answer with.
 * Kadoa types its counts as JSON `number`, not `integer`, so a decoder that insisted on integers
 * would refuse bodies the contract allows; callers that page round as they need.
 */
export interface KadoaPagination {
  page: number;
  pageSize: number;
  totalItems: number;
  totalPages: number;
  hasMore: boolean;
}

export const decodeKadoaPagination: Decoder<KadoaPagination> = (value, path) => {
  const pagination = object(value, path);
  return {
    page: required(pagination, 'page', number, path),
    pageSize: required(pagination, 'pageSize', number, path),
    totalItems: required(pagination, 'totalItems', number, path),
    totalPages: required(pagination, 'totalPages', number, path),
    hasMore: required(pagination, 'hasMore', boolean, path),
  };
};
