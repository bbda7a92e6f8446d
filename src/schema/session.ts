import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import { invalidInput } from '../upstreams/upstream-error.js';
import type { Provider } from '../upstreams/provider.js';
import type { AnySession } from '../upstreams/upstreams.js';
import { SessionProviderEnum, SessionStateEnum } from './enums.js';
import { sessionEntity } from './federation-entity.js';
import { decodeSessionId, encodeSessionId, SESSION_TYPE_NAMES } from './global-id.js';

const NodeInterface = builder.interfaceRef<AnySession>('Node').implement({
  description: 'An object with a globally unique id (Relay).',
  resolveType: (session) => SESSION_TYPE_NAMES[session.provider],
  fields: (t) => ({
    id: t.id({ description: 'Opaque global id encoding the provider and the upstream coordinates.', resolve: (s) => encodeSessionId(s.ref) }),
  }),
});

export const SessionInterface = builder.interfaceRef<AnySession>('Session').implement({
  description: 'A session on one of the upstream platforms, with its lifecycle normalized.',
  interfaces: [NodeInterface],
  ...sessionEntity(),
  resolveType: (session) => SESSION_TYPE_NAMES[session.provider],
  fields: (t) => ({
    provider: t.field({ type: SessionProviderEnum, resolve: (s) => s.provider }),
    sessionId: t.exposeString('sessionId', { description: "The upstream's own id for the session." }),
    state: t.field({ type: SessionStateEnum, resolve: (s) => s.state }),
    providerStatus: t.exposeString('providerStatus', {
      nullable: true,
      description: "The upstream's status word, verbatim. Null where the contract has none (Paradigm; Kadoa without `payload.status`).",
    }),
    isTerminal: t.exposeBoolean('isTerminal', { description: 'True once the session can no longer change: subscriptions complete here.' }),
    fetchedAt: t.field({ type: 'DateTime', description: 'When the gateway read this from the upstream.', resolve: (s) => s.fetchedAt }),
  }),
});

/** What each provider's object type shares: it is a Node and a Session, and an entity that takes only its own provider's ids. */
export function providerSessionOptions(provider: Provider) {
  return { interfaces: [NodeInterface, SessionInterface], ...sessionEntity(provider) };
}

/** Refuses a list longer than the configured bound before anything is fetched. */
export function boundedIds(ids: readonly string[], max: number): readonly string[] {
  if (ids.length > max) throw invalidInput(`At most ${max} ids may be asked for at once (got ${ids.length})`);
  return ids;
}

/** Per-id promise, so one malformed id nulls its own list item instead of the whole list. */
export function loadSession(ctx: GatewayContext, id: string | number): Promise<AnySession> {
  try {
    return ctx.sessionLoader.load(decodeSessionId(String(id)));
  } catch (error) {
    return Promise.reject(error);
  }
}

function loadSessions(ctx: GatewayContext, ids: readonly (string | number)[]): Promise<AnySession>[] {
  return boundedIds(ids.map(String), ctx.limits.maxIdsPerField).map((id) => loadSession(ctx, id));
}

builder.queryFields((t) => ({
  node: t.field({
    type: NodeInterface,
    nullable: true,
    description:
      'Relay: any session by its global id (the `id` a session returns), or by `<provider>:<coordinates>` such as `kadoa:crawl-demo-1` or `deepset:<workspace>/<session uuid>`.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => loadSession(ctx, id),
  }),
  nodes: t.field({
    type: [NodeInterface],
    nullable: { list: false, items: true },
    description: 'Relay: many sessions by id (the forms `node` takes), fetched concurrently. Each failure nulls only its own item.',
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, { ids }, ctx) => loadSessions(ctx, ids),
  }),
  session: t.field({
    type: SessionInterface,
    nullable: true,
    description:
      'A session of any provider, by global id or `<provider>:<coordinates>` (see `node`). A failure comes back as a located error with `extensions.code`.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => loadSession(ctx, id),
  }),
  sessions: t.field({
    type: [SessionInterface],
    nullable: { list: false, items: true },
    description: 'Many sessions at once, fetched concurrently. Each failure nulls only its own item.',
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, { ids }, ctx) => loadSessions(ctx, ids),
  }),
}));
