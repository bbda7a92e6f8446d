import { builder } from '../builder.js';
import { KADOA_PAGE_STATUSES, type KadoaCrawlPage } from '../upstreams/kadoa/kadoa-crawl-pages.js';
import { AFTER_DESCRIPTION, connectionOf, connectionType, FIRST_DESCRIPTION, providerPages, sliceWindow, windowOf } from './connection.js';
import { KadoaCrawlSessionType } from './kadoa-crawl-session.js';
import { upstreamCallOptions } from './upstream-call-options.js';

const KadoaCrawlPageStatusEnum = builder.enumType('KadoaCrawlPageStatus', { values: KADOA_PAGE_STATUSES });

const KadoaCrawlPageType = builder.objectRef<KadoaCrawlPage>('KadoaCrawlPage').implement({
  description: 'One page of a crawl: its URL and how far the crawler got with it.',
  fields: (t) => ({
    id: t.exposeString('id', { description: "Kadoa's id of the page." }),
    url: t.exposeString('url'),
    status: t.field({ type: KadoaCrawlPageStatusEnum, resolve: (page) => page.status }),
  }),
});

const KadoaCrawlPageConnection = connectionType<KadoaCrawlPage>('KadoaCrawlPage', KadoaCrawlPageType, 'The pages of one crawl, as Kadoa pages them.');

builder.objectField(KadoaCrawlSessionType, 'pages', (t) =>
  t.field({
    type: KadoaCrawlPageConnection,
    description: 'The pages this crawl found (`GET /v4/crawl/{sessionId}/pages`): one call per page of results.',
    args: { first: t.arg.int({ description: FIRST_DESCRIPTION }), after: t.arg.string({ description: AFTER_DESCRIPTION }) },
    resolve: async (session, args, ctx) => {
      const window = windowOf('KadoaCrawlPage', args.first, args.after);
      const options = upstreamCallOptions(ctx, 'KADOA', 'query');
      const pages = await Promise.all(providerPages(window).map((page) => ctx.upstreams.lifecycle.KADOA.listCrawlPages(session.ref, { page: page.page, pageSize: page.size }, options)));
      const items = sliceWindow(window, pages.flatMap((page) => page.pages));
      return connectionOf('KadoaCrawlPage', window, items, pages[0]!.pagination.totalItems, (item) => () => item);
    },
  }),
);
