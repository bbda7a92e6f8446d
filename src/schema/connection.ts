import type { ObjectRef } from '@pothos/core';
import { builder } from '../builder.js';
import { invalidInput } from '../upstreams/upstream-error.js';

/** `first` when a client leaves it out, and the most it may ask for: 100 is deepset's and Kadoa's own cap on a page. */
export const DEFAULT_FIRST = 20;
export const MAX_FIRST = 100;

/** Cursors name their list, so one list's cursor is refused by another rather than misread. */
export type CursorKind = 'DeepsetUploadSession' | 'KadoaCrawlSession' | 'KadoaCrawlPage';

const MAX_OFFSET = 1_000_000_000;

/** An opaque cursor: base64url of `<kind>:<offset>`, the number of items before the next one. */
export function encodeCursor(kind: CursorKind, offset: number): string {
  return Buffer.from(`${kind}:${offset}`, 'utf8').toString('base64url');
}

function decodeCursor(kind: CursorKind, cursor: string): number {
  const text = cursor.length <= 64 && /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^([A-Za-z]+):(0|[1-9]\d{0,9})$/.exec(text);
  const offset = match && match[1] === kind ? Number(match[2]) : Number.NaN;
  if (!(offset <= MAX_OFFSET)) throw invalidInput(`\`after\` is not a cursor of this list`);
  return offset;
}

/** Validated `first`/`after`: the window of items [offset, offset + first). */
export interface Window {
  offset: number;
  first: number;
}

export function windowOf(kind: CursorKind, first: number | null | undefined, after: string | null | undefined): Window {
  const size = first ?? DEFAULT_FIRST;
  if (!Number.isInteger(size) || size < 1 || size > MAX_FIRST) throw invalidInput(`\`first\` must be from 1 to ${MAX_FIRST} (got ${size})`);
  return { offset: after == null ? 0 : decodeCursor(kind, after), first: size };
}

/**
 * The provider pages (1-based number, and size) that cover a window, with the window's size as
 * their size: one page when the offset is a multiple of `first` (a client walking with one
 * `first`), otherwise the two that straddle it. Either way no more than 2 calls and no more than
 * 2 × first items.
 */
export function providerPages({ offset, first }: Window): { page: number; size: number }[] {
  const page = Math.floor(offset / first) + 1;
  return offset % first === 0 ? [{ page, size: first }] : [{ page, size: first }, { page: page + 1, size: first }];
}

/** The items of the window, out of the concatenated provider pages that providerPages chose. */
export function sliceWindow<T>({ offset, first }: Window, items: readonly T[]): T[] {
  const skip = offset % first;
  return items.slice(skip, skip + first);
}

export interface Edge<N> {
  cursor: string;
  /** Called only when the node is selected, so an edge asked for its cursor alone reads nothing more. */
  node: () => N | Promise<N>;
}

export interface Connection<N> {
  edges: Edge<N>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** Builds the connection of a window from its items; a null node marks an item that cannot be one (no usable id), which keeps its place. */
export function connectionOf<I, N>(kind: CursorKind, window: Window, items: readonly I[], total: number, node: (item: I) => Edge<N>['node'] | null): Connection<N> {
  const edges: Edge<N>[] = [];
  items.forEach((item, index) => {
    const value = node(item);
    if (value !== null) edges.push({ cursor: encodeCursor(kind, window.offset + index + 1), node: value });
  });
  const end = window.offset + items.length;
  return { edges, pageInfo: { hasNextPage: end < total, endCursor: items.length === 0 ? null : encodeCursor(kind, end) }, totalCount: total };
}

export const PageInfoType = builder.objectRef<Connection<unknown>['pageInfo']>('PageInfo').implement({
  description: 'Relay paging: whether more items follow, and the cursor to pass as `after` to get them.',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

export const FIRST_DESCRIPTION = `How many items, from 1 to ${MAX_FIRST}; ${DEFAULT_FIRST} when left out.`;
export const AFTER_DESCRIPTION = 'The `endCursor` (or an edge cursor) of the page before. A cursor of another list, or not a cursor, is INVALID_INPUT.';

type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;

/** `<Name>Connection { edges { cursor node } pageInfo totalCount }` and its `<Name>Edge`, over a node type. */
export function connectionType<N>(name: string, nodeType: ObjectRef<BuilderTypes, N>, description: string) {
  const EdgeType = builder.objectRef<Edge<N>>(`${name}Edge`).implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor', { description: 'Pass as `after` to continue after this item.' }),
      // `as never`: Pothos cannot check a generic shape against its resolver type; nodeType ties N to it for callers.
      node: t.field({ type: nodeType, resolve: (edge) => edge.node() as never }),
    }),
  });
  return builder.objectRef<Connection<N>>(`${name}Connection`).implement({
    description,
    fields: (t) => ({
      edges: t.field({ type: [EdgeType], resolve: (c) => c.edges }),
      pageInfo: t.field({ type: PageInfoType, resolve: (c) => c.pageInfo }),
      totalCount: t.int({ description: 'Items in the whole list, as the provider counts them.', resolve: (c) => c.totalCount }),
    }),
  });
}
