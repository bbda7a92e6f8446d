import { builder } from '../builder.js';
import type { KadoaCrawlSessionListItem } from '../upstreams/kadoa/kadoa-crawl-session-list.js';
import type { KadoaCrawlSession } from '../upstreams/kadoa/kadoa-session.js';
import { validateRef } from '../upstreams/session-ref.js';
import { providerSessionOptions } from './session.js';

/** A single read; from `kadoaCrawlSessions`, with the list's own fields too. */
export type KadoaCrawlSessionNode = KadoaCrawlSession & { listing?: KadoaCrawlSessionListItem };

const listed = <K extends keyof KadoaCrawlSessionListItem>(key: K) => (s: KadoaCrawlSessionNode) => s.listing?.[key] ?? null;
const LISTED = 'Only the list says it: null when the session was read on its own.';

export const KadoaCrawlSessionType = builder.objectRef<KadoaCrawlSessionNode>('KadoaCrawlSession').implement({
  description: 'A Kadoa crawl session. `payload` is free-form; the fields it commonly carries are also typed.',
  ...providerSessionOptions('KADOA'),
  fields: (t) => ({
    error: t.exposeString('error', { nullable: true, description: 'Kadoa’s error message, if the crawl failed.' }),
    payload: t.field({ type: 'JSON', nullable: true, resolve: (s) => s.payload }),
    crawledPages: t.field({ type: 'SafeInt', nullable: true, description: '`payload.crawledPages` when it is a non-negative integer.', resolve: (s) => s.crawledPages }),
    finished: t.exposeBoolean('finished', { nullable: true, description: '`payload.finished` when it is a boolean.' }),
    configId: t.string({ nullable: true, description: LISTED, resolve: listed('configId') }),
    domain: t.string({ nullable: true, description: LISTED, resolve: listed('domain') }),
    startUrls: t.stringList({ nullable: true, description: LISTED, resolve: listed('startUrls') }),
    userId: t.string({ nullable: true, description: LISTED, resolve: listed('userId') }),
    createdAt: t.string({ nullable: true, description: `${LISTED} Kadoa's own text: its contract gives it no date format.`, resolve: listed('createdAt') }),
  }),
});

builder.queryField('kadoaCrawlSession', (t) =>
  t.field({
    type: KadoaCrawlSessionType,
    nullable: true,
    description:
      'A Kadoa crawl session by its session id, with its free-form payload. Null with a NOT_FOUND error when Kadoa has no such session.',
    args: { sessionId: t.arg.string({ required: true }) },
    resolve: (_root, { sessionId }, ctx) => ctx.sessionLoader.load(validateRef({ provider: 'KADOA', sessionId })) as Promise<KadoaCrawlSession>,
  }),
);
