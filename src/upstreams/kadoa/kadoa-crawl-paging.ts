import { boolean, ContractViolation, object, required, type Decoder } from '../decode.js';

/**
 * Kadoa's contract types its counts as JSON `number`, not `integer`, so a decoder that insisted on
 * integers would refuse bodies the contract allows; callers that page round as they need.
 */
export const jsonNumber: Decoder<number> = (value, path) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ContractViolation(path, 'a number');
  return value;
};

/** The `pagination` object both of Kadoa's paged lists (sessions, pages of a session) answer with. */
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
    page: required(pagination, 'page', jsonNumber, path),
    pageSize: required(pagination, 'pageSize', jsonNumber, path),
    totalItems: required(pagination, 'totalItems', jsonNumber, path),
    totalPages: required(pagination, 'totalPages', jsonNumber, path),
    hasMore: required(pagination, 'hasMore', boolean, path),
  };
};
