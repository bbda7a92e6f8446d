import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import type { KadoaStartInput } from '../upstreams/kadoa/kadoa-lifecycle.js';
import { PARADIGM_INGESTION_PIPELINES, type ParadigmIngestionPipeline } from '../upstreams/paradigm/paradigm-lifecycle.js';
import { validateRef, validateWorkspace, type SessionRef } from '../upstreams/session-ref.js';
import { invalidInput } from '../upstreams/upstream-error.js';
import { DeepsetWriteModeEnum } from './deepset-upload-session.js';
import { sessionOrFailure, sessionResultType } from './errors.js';
import { readBack } from './read-back.js';
import { upstreamCallOptions } from './upstream-call-options.js';

const CreateSessionResult = sessionResultType('CreateSession', 'The new session, read back from the provider. Its `id` can be watched at once with `sessionUpdated`.');

const DUPLICATES =
  'Never retried by the gateway. A client that submits twice (a double click, a retry after a lost answer) creates two sessions: the providers take no idempotency key.';

/** deepset's bounds for `expires_in_seconds`. */
const MAX_EXPIRES_IN_SECONDS = 86_400;

const CreateDeepsetUploadSessionInput = builder.inputType('CreateDeepsetUploadSessionInput', {
  fields: (t) => ({
    workspace: t.string({ required: true }),
    writeMode: t.field({ type: DeepsetWriteModeEnum, defaultValue: 'KEEP', description: 'What deepset does with a file that already exists. KEEP by default.' }),
    expiresInSeconds: t.int({ description: `From 1 to ${MAX_EXPIRES_IN_SECONDS}; left out, deepset's maximum of 24 hours.` }),
    parallelProcessing: t.boolean({ defaultValue: false, description: "Process this session's files in parallel with other sessions'." }),
  }),
});

builder.mutationField('createDeepsetUploadSession', (t) =>
  t.field({
    type: CreateSessionResult,
    description: `Opens a deepset Cloud upload session (at most 10 open per user: OpenSessionLimitError; a plan without upload sessions: PlanRequiredError). ${DUPLICATES} On deepset a duplicate counts toward the 10.`,
    extensions: { sessionBudget: 'none' },
    args: { input: t.arg({ type: CreateDeepsetUploadSessionInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      sessionOrFailure(async () => {
        const workspace = validateWorkspace(input.workspace);
        const expires = input.expiresInSeconds ?? null;
        if (expires !== null && (expires < 1 || expires > MAX_EXPIRES_IN_SECONDS)) throw invalidInput(`expiresInSeconds must be from 1 to ${MAX_EXPIRES_IN_SECONDS}`, 'DEEPSET');
        const { sessionId } = await ctx.upstreams.lifecycle.DEEPSET.createUploadSession(
          workspace,
          { writeMode: input.writeMode ?? 'KEEP', expiresInSeconds: expires, parallelProcessing: input.parallelProcessing ?? false },
          upstreamCallOptions(ctx, 'DEEPSET', 'mutation'),
        );
        return readBack(ctx, validateRef({ provider: 'DEEPSET', workspace, sessionId }), 'created');
      }),
  }),
);

const CreateParadigmUploadSessionInput = builder.inputType('CreateParadigmUploadSessionInput', {
  fields: (t) => ({
    ingestionPipeline: t.string({ description: `One of ${PARADIGM_INGESTION_PIPELINES.join(', ')}; left out, Paradigm chooses.` }),
  }),
});

builder.mutationField('createParadigmUploadSession', (t) =>
  t.field({
    type: CreateSessionResult,
    description: `Creates a LightOn Paradigm upload session; Paradigm answers with the session itself, so nothing is read back. ${DUPLICATES}`,
    extensions: { sessionBudget: 'none' },
    args: { input: t.arg({ type: CreateParadigmUploadSessionInput }) },
    resolve: (_root, { input }, ctx) =>
      sessionOrFailure(async () => {
        const pipeline = input?.ingestionPipeline ?? null;
        if (pipeline !== null && !(PARADIGM_INGESTION_PIPELINES as readonly string[]).includes(pipeline)) {
          throw invalidInput(`ingestionPipeline must be one of ${PARADIGM_INGESTION_PIPELINES.join(', ')}`, 'PARADIGM');
        }
        const session = await ctx.upstreams.lifecycle.PARADIGM.createUploadSession({ ingestionPipeline: pipeline as ParadigmIngestionPipeline | null }, upstreamCallOptions(ctx, 'PARADIGM', 'mutation'));
        ctx.sessionLoader.prime(session.ref, session);
        return session;
      }),
  }),
);

/** Our own bounds on a start, to keep one request small; Kadoa's contract sets none on the lists. */
const MAX_START_URLS = 100;
const MAX_PATH_FILTERS = 100;

const StartKadoaCrawlInput = builder.inputType('StartKadoaCrawlInput', {
  fields: (t) => ({
    startUrls: t.stringList({ required: true, description: `1 to ${MAX_START_URLS} http(s) URLs to start from.` }),
    maxDepth: t.int({ description: 'At least 1; left out, Kadoa’s default.' }),
    maxPages: t.int({ description: 'At least 1; left out, Kadoa’s default.' }),
    pathsFilterIn: t.stringList({ description: `Up to ${MAX_PATH_FILTERS} non-empty regex sources: only URLs matching one are crawled.` }),
    pathsFilterOut: t.stringList({ description: `Up to ${MAX_PATH_FILTERS} non-empty regex sources: URLs matching one are skipped.` }),
  }),
});

function isHttpUrl(value: string): boolean {
  const url = URL.parse(value);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:');
}

type StartArgs = { startUrls: string[]; maxDepth?: number | null; maxPages?: number | null; pathsFilterIn?: string[] | null; pathsFilterOut?: string[] | null };

/** The input as Kadoa's StartCrawlerSessionRequest, or INVALID_INPUT naming the first field that is wrong. */
export function kadoaStartInput(input: StartArgs): KadoaStartInput {
  const fail = (message: string): never => {
    throw invalidInput(message, 'KADOA');
  };
  if (input.startUrls.length < 1 || input.startUrls.length > MAX_START_URLS) fail(`startUrls must hold 1 to ${MAX_START_URLS} URLs`);
  if (!input.startUrls.every(isHttpUrl)) fail('Every startUrls item must be an http(s) URL');
  const start: KadoaStartInput = { startUrls: input.startUrls };
  for (const name of ['maxDepth', 'maxPages'] as const) {
    const value = input[name];
    if (value == null) continue;
    if (value < 1) fail(`${name} must be at least 1`);
    start[name] = value;
  }
  for (const name of ['pathsFilterIn', 'pathsFilterOut'] as const) {
    const value = input[name];
    if (value == null) continue;
    if (value.length > MAX_PATH_FILTERS || value.some((item) => item.length === 0)) fail(`${name} must hold up to ${MAX_PATH_FILTERS} non-empty patterns`);
    start[name] = value;
  }
  return start;
}

builder.mutationField('startKadoaCrawl', (t) =>
  t.field({
    type: CreateSessionResult,
    description: `Starts a Kadoa crawl and returns its session. ${DUPLICATES}`,
    extensions: { sessionBudget: 'none' },
    args: { input: t.arg({ type: StartKadoaCrawlInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      sessionOrFailure(async () => {
        const { sessionId } = await ctx.upstreams.lifecycle.KADOA.startCrawl(kadoaStartInput(input), upstreamCallOptions(ctx, 'KADOA', 'mutation'));
        return readBack(ctx, validateRef({ provider: 'KADOA', sessionId }), 'created');
      }),
  }),
);
