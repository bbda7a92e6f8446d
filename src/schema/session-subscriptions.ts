import { GraphQLError } from 'graphql';
import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import type { HubEvent } from '../live/hub-event.js';
import { mergeIterators } from '../live/merge-iterators.js';
import { sessionPollKey, sessionPollTarget } from '../live/session-poll-target.js';
import { releasedOnEnd, WatchLimitError } from '../live/watch-limit.js';
import { transformIterator, type Step } from '../live/transform-iterator.js';
import { refKey, type SessionRef } from '../upstreams/session-ref.js';
import { UpstreamError } from '../upstreams/upstream-error.js';
import type { AnySession } from '../upstreams/upstreams.js';
import { SessionProviderEnum } from './enums.js';
import { ErrorCodeEnum } from './errors.js';
import { decodeSessionId, encodeSessionId } from './global-id.js';
import { boundedIds, SessionInterface } from './session.js';

/** A failed poll: the failure itself, and when the gateway polls again (transient failures only). */
interface UpstreamProblem {
  error: UpstreamError;
  provider: AnySession['provider'];
  retryAfterMs: number | null;
}

interface SessionUpdate {
  ref: SessionRef;
  session: AnySession | null;
  degraded: UpstreamProblem | null;
  failed: UpstreamProblem | null;
}

/** A watched session's stream: either a session, or a failure (transient while polling carries on, or the permanent one that ends it). */
type Watched = { session: AnySession; error?: undefined } | { error: unknown; session?: undefined };

function watch(ctx: GatewayContext, ref: SessionRef): AsyncIterableIterator<HubEvent<AnySession>> {
  const credential = ctx.credentials[ref.provider];
  return ctx.hub.subscribe(sessionPollTarget(ctx.upstreams.clients, ref, credential));
}

/** Counts the refs against the client's watch cap for as long as `open()`'s stream lives; over the cap, a clear error at subscribe time. */
function watchedWithinCap<T>(ctx: GatewayContext, refs: readonly SessionRef[], open: () => AsyncIterableIterator<T>): AsyncIterableIterator<T> {
  let ticket;
  try {
    ticket = ctx.hub.reserveWatch(ctx.clientId, refs.map((ref) => sessionPollKey(ref, ctx.credentials[ref.provider])));
  } catch (error) {
    if (!(error instanceof WatchLimitError)) throw error;
    throw new GraphQLError(error.message, { extensions: { code: error.code, limit: error.limit, watching: error.watching, requested: error.requested } });
  }
  return releasedOnEnd(open(), ticket);
}

function problem(ref: SessionRef, error: unknown, retryAfterMs: number | null): UpstreamProblem {
  const failure = error instanceof UpstreamError ? error : new UpstreamError('UPSTREAM_BAD_RESPONSE', ref.provider, 'Unexpected failure while polling the upstream');
  return { error: failure, provider: failure.provider ?? ref.provider, retryAfterMs };
}

/**
 * A failing upstream is said at once, not left to look like a hang: a transient failure is an
 * event with the error's code, and the stream goes on; once polling succeeds again the session is
 * sent again, changed or not, so the client knows it is current.
 */
function sessionStream(ctx: GatewayContext, ref: SessionRef): AsyncIterableIterator<Watched> {
  let last: AnySession | undefined;
  return transformIterator(watch(ctx, ref), (event): Step<Watched> => {
    switch (event.type) {
      case 'value':
        last = event.value;
        return { emit: { session: event.value } };
      case 'degraded':
        return { emit: { error: problem(ref, event.error, event.retryAfterMs).error } };
      case 'recovered':
        return last ? { emit: { session: last } } : { end: false };
      case 'failed':
        return { emit: { error: event.error }, end: true };
      case 'ended':
        return { end: true };
    }
  });
}

function updateStream(ctx: GatewayContext, ref: SessionRef): AsyncIterableIterator<SessionUpdate> {
  let last: AnySession | null = null;
  const update = (degraded: UpstreamProblem | null, failed: UpstreamProblem | null): SessionUpdate => ({ ref, session: last, degraded, failed });
  return transformIterator(watch(ctx, ref), (event): Step<SessionUpdate> => {
    switch (event.type) {
      case 'value':
        last = event.value;
        return { emit: update(null, null) };
      case 'degraded':
        return { emit: update(problem(ref, event.error, event.retryAfterMs), null) };
      case 'recovered':
        return { emit: update(null, null) };
      case 'failed':
        return { emit: update(null, problem(ref, event.error, null)), end: true };
      case 'ended':
        return { end: true };
    }
  });
}

const UpstreamProblemType = builder.objectRef<UpstreamProblem>('UpstreamProblem').implement({
  description: 'Why the latest poll of a watched session failed.',
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (p) => p.error.code }),
    message: t.string({ resolve: (p) => p.error.message }),
    provider: t.field({ type: SessionProviderEnum, resolve: (p) => p.provider }),
    // The schema's name for it; renaming a field clients read is a breaking change.
    retryInMs: t.int({ nullable: true, description: 'When the gateway polls again (transient failures only).', resolve: (p) => p.retryAfterMs }),
  }),
});

const SessionUpdateType = builder.objectRef<SessionUpdate>('SessionUpdate').implement({
  description: 'One event of `sessionsUpdated`: which session, its latest state, and the health of its upstream.',
  fields: (t) => ({
    id: t.id({ description: 'Global id of the session this event is about.', resolve: (u) => encodeSessionId(u.ref) }),
    session: t.field({ type: SessionInterface, nullable: true, description: 'The latest snapshot; null until the first successful poll.', resolve: (u) => u.session }),
    degraded: t.field({
      type: UpstreamProblemType,
      nullable: true,
      description: 'Set while polling fails transiently (timeout, 5xx, 429). The gateway keeps polling with backoff; null again once it recovers.',
      resolve: (u) => u.degraded,
    }),
    failed: t.field({
      type: UpstreamProblemType,
      nullable: true,
      description: 'Set on a permanent failure (not found, unauthenticated, forbidden). No further events for this session follow.',
      resolve: (u) => u.failed,
    }),
  }),
});

builder.subscriptionType({});

builder.subscriptionFields((t) => ({
  sessionUpdated: t.field({
    type: SessionInterface,
    description:
      'The session now, then again whenever a field you selected changes, until a terminal state (then the stream completes). A transient upstream failure (RATE_LIMITED, UPSTREAM_UNAVAILABLE, UPSTREAM_TIMEOUT, UPSTREAM_BAD_RESPONSE) arrives at once as an event with that error and the stream goes on; the session is sent again when polling recovers. A permanent failure ends the stream with an error carrying its code.',
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_root, { id }, ctx) => {
      const ref = decodeSessionId(String(id));
      return watchedWithinCap(ctx, [ref], () => sessionStream(ctx, ref));
    },
    resolve: (watched: Watched) => {
      if (watched.error !== undefined) throw watched.error;
      return watched.session!;
    },
  }),
  sessionsUpdated: t.field({
    type: SessionUpdateType,
    description:
      'Many sessions on one stream. Each event names its session. Completes when every watched session is terminal or has failed permanently.',
    args: { ids: t.arg.idList({ required: true }) },
    subscribe: (_root, { ids }, ctx) => {
      const decoded = boundedIds(ids.map(String), ctx.limits.maxIdsPerField).map((id) => decodeSessionId(id));
      const refs = [...new Map(decoded.map((ref) => [refKey(ref), ref])).values()];
      return watchedWithinCap(ctx, refs, () => mergeIterators(refs.map((ref) => updateStream(ctx, ref))));
    },
    resolve: (update: SessionUpdate) => update,
  }),
}));
