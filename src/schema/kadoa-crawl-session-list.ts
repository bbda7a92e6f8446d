import { builder } from '../builder.js';
import type { KadoaCrawlSession } from '../upstreams/kadoa/kadoa-session.js';
import { addressable } from '../upstreams/session-ref.js';
import { AFTER_DESCRIPTION, connectionOf, connectionType, FIRST_DESCRIPTION, providerPages, sliceWindow, windowOf } from './connection.js';
import { KadoaCrawlSessionType, type KadoaCrawlSessionNode } from './kadoa-crawl-session.js';
import { upstreamCallOptions } from './upstream-call-options.js';

const KadoaCrawlSessionConnection = connectionType<KadoaCrawlSessionNode>('KadoaCrawlSession', KadoaCrawlSessionType, "The account's crawl sessions, as Kadoa pages them.");

builder.queryField('kadoaCrawlSessions', (t) =>
  t.field({
    type: KadoaCrawlSessionConnection,
    description:
      "The account's crawl sessions (`GET /v4/crawl/sessions`). The list lacks a session's `error`, which decides its state, so each node selected is read on its own through the request's loader (one call per session, shared with every other field that reads it); `edges { cursor }` and `totalCount` alone cost the list call only.",
    extensions: { sessionBudget: 'none' },
    args: { first: t.arg.int({ description: FIRST_DESCRIPTION }), after: t.arg.string({ description: AFTER_DESCRIPTION }) },
    resolve: async (_root, args, ctx) => {
      const window = windowOf('KadoaCrawlSession', args.first, args.after);
      const options = upstreamCallOptions(ctx, 'KADOA', 'query');
      const pages = await Promise.all(providerPages(window).map((page) => ctx.upstreams.lifecycle.KADOA.listCrawlSessions({ page: page.page, pageSize: page.size }, options)));
      const items = sliceWindow(window, pages.flatMap((page) => page.items));
      return connectionOf('KadoaCrawlSession', window, items, pages[0]!.pagination.totalItems, (item) => {
        const ref = addressable({ provider: 'KADOA', sessionId: item.sessionId });
        return ref && (async (): Promise<KadoaCrawlSessionNode> => ({ ...((await ctx.sessionLoader.load(ref)) as KadoaCrawlSession), listing: item }));
      });
    },
  }),
);
