import { builder } from '../builder.js';
import {
  PARADIGM_DOCUMENT_STATUSES,
  type ParadigmDocument,
  type ParadigmDocumentCounts,
  type ParadigmUploadSession,
} from '../upstreams/paradigm/paradigm-session.js';
import { validateRef } from '../upstreams/session-ref.js';
import { upperCaseValues } from './enums.js';
import { providerSessionOptions } from './session.js';

const ParadigmDocumentStatusEnum = builder.enumType('ParadigmDocumentStatus', { values: upperCaseValues(PARADIGM_DOCUMENT_STATUSES) });

const ParadigmDocumentType = builder.objectRef<ParadigmDocument>('ParadigmDocument').implement({
  fields: (t) => ({
    id: t.field({ type: 'SafeInt', resolve: (d) => d.id }),
    title: t.exposeString('title', { nullable: true }),
    collection: t.field({ type: 'SafeInt', nullable: true, resolve: (d) => d.collection }),
    status: t.field({ type: ParadigmDocumentStatusEnum, nullable: true, description: 'Null when Paradigm leaves it out.', resolve: (d) => d.status }),
    updatedAt: t.field({ type: 'DateTime', resolve: (d) => d.updatedAt }),
    workspace: t.exposeString('workspace', { nullable: true }),
  }),
});

const COUNT_FIELDS = {
  total: 'All documents.',
  final: 'Documents in a final status (embedded or failed).',
  failed: 'Documents in a failed status (parsing_failed, embedding_failed, fail).',
  withoutStatus: 'Documents Paradigm reported without a status.',
  pending: null,
  parsing: null,
  parsingFailed: null,
  embedding: null,
  embeddingFailed: null,
  embedded: null,
  fail: null,
  updating: null,
} as const;

const COUNT_TOTALS = { total: true, final: true, failed: true, withoutStatus: true };

const ParadigmDocumentCountsType = builder.objectRef<ParadigmDocumentCounts>('ParadigmDocumentCounts').implement({
  description: 'How many documents are in each status.',
  fields: (t) =>
    Object.fromEntries(
      Object.entries(COUNT_FIELDS).map(([field, description]) => {
        // Status counts are keyed by Paradigm's snake_case word; the totals by their own name.
        const key = (field in COUNT_TOTALS ? field : field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)) as keyof ParadigmDocumentCounts;
        return [field, t.field({ type: 'SafeInt', description: description ?? undefined, resolve: (counts) => counts[key] })];
      }),
    ),
});

export const ParadigmUploadSessionType = builder.objectRef<ParadigmUploadSession>('ParadigmUploadSession').implement({
  description: 'A LightOn Paradigm upload session. It is done when every document is in a final status.',
  ...providerSessionOptions('PARADIGM'),
  fields: (t) => ({
    uuid: t.field({ type: 'UUID', resolve: (s) => s.uuid }),
    isValid: t.exposeBoolean('isValid'),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => s.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (s) => s.updatedAt }),
    documents: t.field({ type: [ParadigmDocumentType], resolve: (s) => s.documents }),
    documentCounts: t.field({ type: ParadigmDocumentCountsType, resolve: (s) => s.documentCounts }),
  }),
});

builder.queryField('paradigmUploadSession', (t) =>
  t.field({
    type: ParadigmUploadSessionType,
    nullable: true,
    description:
      'A LightOn Paradigm upload session by its UUID, with its documents and a count per document status. Null with a NOT_FOUND error when Paradigm has no such session.',
    args: { uuid: t.arg({ type: 'UUID', required: true }) },
    resolve: (_root, { uuid }, ctx) => ctx.sessionLoader.load(validateRef({ provider: 'PARADIGM', sessionId: uuid })) as Promise<ParadigmUploadSession>,
  }),
);
