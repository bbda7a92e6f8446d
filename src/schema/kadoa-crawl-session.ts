import { builder } from '../builder.js';
import type { KadoaCrawlSession } from '../upstreams/kadoa/kadoa-session.js';
import { validateRef } from '../upstreams/session-ref.js';
import { sessionEntity } from './federation-entity.js';
import { NodeInterface, SessionInterface } from './session.js';

export const KadoaCrawlSessionType = builder.objectRef<KadoaCrawlSession>('KadoaCrawlSession').implement({
  description: 'A Kadoa crawl session. `payload` is free-form; the fields it commonly carries are also typed.',
  interfaces: [NodeInterface, SessionInterface],
  ...sessionEntity('KADOA'),
  fields: (t) => ({
    error: t.exposeString('error', { nullable: true, description: 'Kadoa’s error message, if the crawl failed.' }),
    payload: t.field({ type: 'JSON', nullable: true, resolve: (s) => s.payload }),
    crawledPages: t.field({ type: 'SafeInt', nullable: true, description: '`payload.crawledPages` when it is a non-negative integer.', resolve: (s) => s.crawledPages }),
    finished: t.exposeBoolean('finished', { nullable: true, description: '`payload.finished` when it is a boolean.' }),
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
