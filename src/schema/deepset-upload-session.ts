import { builder } from '../builder.js';
import { DEEPSET_STATUSES, DEEPSET_WRITE_MODES, type DeepsetUploadSession } from '../upstreams/deepset/deepset-session.js';
import { validateRef } from '../upstreams/session-ref.js';
import { sessionEntity } from './federation-entity.js';
import { NodeInterface, SessionInterface } from './session.js';

const DeepsetSessionStatusEnum = builder.enumType('DeepsetSessionStatus', { values: DEEPSET_STATUSES });
const DeepsetWriteModeEnum = builder.enumType('DeepsetWriteMode', {
  description: 'How deepset handles a file that already exists in the workspace.',
  values: DEEPSET_WRITE_MODES,
});

const DeepsetIngestionStatus = builder.objectRef<DeepsetUploadSession['ingestionStatus']>('DeepsetIngestionStatus').implement({
  fields: (t) => ({
    failedFiles: t.field({ type: 'SafeInt', resolve: (s) => s.failedFiles }),
    finishedFiles: t.field({ type: 'SafeInt', resolve: (s) => s.finishedFiles }),
  }),
});

export const DeepsetUploadSessionType = builder.objectRef<DeepsetUploadSession>('DeepsetUploadSession').implement({
  description: 'A deepset Cloud upload session. Closing it starts ingestion, which goes on while the status is CLOSED.',
  interfaces: [NodeInterface, SessionInterface],
  ...sessionEntity('DEEPSET'),
  fields: (t) => ({
    workspace: t.exposeString('workspace'),
    status: t.field({ type: DeepsetSessionStatusEnum, resolve: (s) => s.status }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.expiresAt }),
    documentationUrl: t.exposeString('documentationUrl'),
    ingestionStatus: t.field({ type: DeepsetIngestionStatus, resolve: (s) => s.ingestionStatus }),
    writeMode: t.field({ type: DeepsetWriteModeEnum, resolve: (s) => s.writeMode }),
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
