import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import type { DeepsetListedUploadSession } from '../upstreams/deepset/deepset-lifecycle.js';
import { DEEPSET_STATUSES, DEEPSET_WRITE_MODES, type DeepsetUploadSession } from '../upstreams/deepset/deepset-session.js';
import { validateRef } from '../upstreams/session-ref.js';
import { providerSessionOptions } from './session.js';

const DeepsetSessionStatusEnum = builder.enumType('DeepsetSessionStatus', { values: DEEPSET_STATUSES });
export const DeepsetWriteModeEnum = builder.enumType('DeepsetWriteMode', {
  description: 'How deepset handles a file that already exists in the workspace.',
  values: DEEPSET_WRITE_MODES,
});

const DeepsetIngestionStatus = builder.objectRef<DeepsetUploadSession['ingestionStatus']>('DeepsetIngestionStatus').implement({
  fields: (t) => ({
    failedFiles: t.field({ type: 'SafeInt', resolve: (s) => s.failedFiles }),
    finishedFiles: t.field({ type: 'SafeInt', resolve: (s) => s.finishedFiles }),
  }),
});

/** A single read, or a list item whose missing fields are read on demand. */
export type DeepsetUploadSessionNode = DeepsetUploadSession | DeepsetListedUploadSession;

/** The single read of a listed session, through the request's loader: one call per session however many fields ask. */
async function detailOf(session: DeepsetUploadSessionNode, ctx: GatewayContext): Promise<DeepsetUploadSession> {
  return 'detail' in session ? ((await ctx.sessionLoader.load(session.ref)) as DeepsetUploadSession) : session;
}

const DeepsetUserType = builder.objectRef<DeepsetListedUploadSession['createdBy']>('DeepsetUser').implement({
  fields: (t) => ({ userId: t.exposeString('userId'), givenName: t.exposeString('givenName'), familyName: t.exposeString('familyName') }),
});

export const DeepsetUploadSessionType = builder.objectRef<DeepsetUploadSessionNode>('DeepsetUploadSession').implement({
  description:
    'A deepset Cloud upload session. Closing it starts ingestion, which goes on while the status is CLOSED. From `deepsetUploadSessions`, `ingestionStatus` and `documentationUrl` cost one read of the session each (shared by both).',
  ...providerSessionOptions('DEEPSET'),
  fields: (t) => ({
    workspace: t.exposeString('workspace'),
    status: t.field({ type: DeepsetSessionStatusEnum, resolve: (s) => s.status }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.expiresAt }),
    documentationUrl: t.string({ resolve: async (s, _args, ctx) => (await detailOf(s, ctx)).documentationUrl }),
    ingestionStatus: t.field({ type: DeepsetIngestionStatus, resolve: async (s, _args, ctx) => (await detailOf(s, ctx)).ingestionStatus }),
    writeMode: t.field({ type: DeepsetWriteModeEnum, resolve: (s) => s.writeMode }),
    createdAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Only the list says it: null when the session was read on its own.',
      resolve: (s) => ('detail' in s ? s.createdAt : null),
    }),
    createdBy: t.field({
      type: DeepsetUserType,
      nullable: true,
      description: 'Only the list says it: null when the session was read on its own.',
      resolve: (s) => ('detail' in s ? s.createdBy : null),
    }),
  }),
});

builder.queryField('deepsetUploadSession', (t) =>
  t.field({
    type: DeepsetUploadSessionType,
    nullable: true,
    description:
      'A deepset Cloud upload session by its upstream coordinates: the workspace name and the session UUID. Null with a NOT_FOUND error when deepset has no such session in that workspace.',
    args: { workspace: t.arg.string({ required: true }), sessionId: t.arg({ type: 'UUID', required: true }) },
    resolve: (_root, { workspace, sessionId }, ctx) =>
      ctx.sessionLoader.load(validateRef({ provider: 'DEEPSET', workspace, sessionId })) as Promise<DeepsetUploadSession>,
  }),
);
