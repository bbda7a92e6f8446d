import type { Provider } from '../upstreams/provider.js';

/**
 * The documented demo sessions and how each moves per tick. Every value is a pure function of the
 * sandbox's tick counter and the few events that happened (a deepset close, a pause or resume, a
 * create), never of the wall clock, so any test can predict a whole response at any tick. A created
 * session joins its provider's demos and moves from the next tick.
 */

/** Sandbox time at tick 0; each tick is DEMO_TICK_SECONDS later. */
export const DEMO_EPOCH = '2025-01-01T09:00:00Z';
export const DEMO_TICK_SECONDS = 2;
export const DEEPSET_DEMO_WORKSPACE = 'demo';

export interface DeepsetSessionDetail {
  session_id: string;
  status: 'OPEN' | 'CLOSED' | 'EXPIRED';
  expires_at: string | null;
  write_mode: 'KEEP' | 'OVERWRITE' | 'FAIL' | 'TEMPORARY';
  documentation_url: string;
  ingestion_status: { failed_files: number; finished_files: number };
}

export type ParadigmDocumentStatus =
  | 'pending'
  | 'parsing'
  | 'parsing_failed'
  | 'embedding'
  | 'embedding_failed'
  | 'embedded'
  | 'fail'
  | 'updating';

export interface ParadigmDocument {
  id: number;
  title: string | null;
  collection: number | null;
  status: ParadigmDocumentStatus;
  updated_at: string;
  workspace: string | null;
}

export interface ParadigmUploadSession {
  uuid: string;
  is_valid: boolean;
  created_at: string;
  updated_at: string;
  documents: ParadigmDocument[];
}

export interface PingSessionStatus {
  client_id: string;
  status: 'created' | 'connected' | 'disconnected';
  duration: number;
  /** 64-bit on the wire: bigint so values past 2^53 survive (see json-text.ts). */
  uploaded_bytes: bigint;
  downloaded_bytes: bigint;
}

export interface KadoaSessionStatus {
  sessionId: string;
  error: string | null;
  payload: unknown;
}

/** One run of a demo: the tick it (re)started at, when deepset's open session was closed, and its pauses. */
interface DemoRun {
  startedAt: number;
  closedAt?: number;
  /** Kadoa and Ping pauses: progress stands still from `from` until `to` (absent while still paused). */
  pauses?: { from: number; to?: number }[];
}

function pausedTicks(run: DemoRun, now: number): number {
  return (run.pauses ?? []).reduce((sum, { from, to = now }) => sum + Math.max(0, Math.min(to, now) - from), 0);
}

/** Ticks since the run started that were not spent paused. */
function activeTicks(run: DemoRun, now: number): number {
  return Math.max(0, now - run.startedAt - pausedTicks(run, now));
}

function isPaused(run: DemoRun): boolean {
  const last = run.pauses?.at(-1);
  return last !== undefined && last.to === undefined;
}

interface DemoScript<Wire> {
  id: string;
  render(run: DemoRun, now: number): Wire;
  /** The tick at which this run reached its end, for looping. Absent on demos that never move or never end. */
  endedAt?(run: DemoRun): number | undefined;
}

export function demoTime(tick: number): string {
  return new Date(Date.parse(DEMO_EPOCH) + tick * DEMO_TICK_SECONDS * 1000).toISOString().replace('.000Z', 'Z');
}

const DEEPSET_DOCS_URL = 'https://docs.cloud.deepset.ai/docs/upload-files';
const DEEPSET_CLOSED_FILES = 5;
const DEEPSET_INGESTING_FILES = 12;
const DEEPSET_FAILED_AT = 6;
const DEEPSET_EXPIRES_AFTER_INGESTION = 3;

/** An OPEN session, expiring at tick `expiresAt` (never when absent); once closed it ingests one file a tick. */
function openDeepsetScript(id: string, writeMode: DeepsetSessionDetail['write_mode'], expiresAt?: number): DemoScript<DeepsetSessionDetail> {
  return {
    id,
    render: ({ closedAt }, now) => ({
      session_id: id,
      status: expiresAt !== undefined && now >= expiresAt ? 'EXPIRED' : closedAt === undefined ? 'OPEN' : 'CLOSED',
      expires_at: expiresAt === undefined ? '2099-01-01T00:00:00Z' : demoTime(expiresAt),
      write_mode: writeMode,
      documentation_url: DEEPSET_DOCS_URL,
      ingestion_status: { failed_files: 0, finished_files: closedAt === undefined ? 0 : Math.min(DEEPSET_CLOSED_FILES, now - closedAt) },
    }),
    endedAt: ({ closedAt }) => (closedAt === undefined ? undefined : closedAt + DEEPSET_CLOSED_FILES),
  };
}

const deepsetScripts: DemoScript<DeepsetSessionDetail>[] = [
  openDeepsetScript('d0000000-0000-4000-8000-000000000001', 'KEEP'),
  {
    id: 'd0000000-0000-4000-8000-000000000002',
    render: ({ startedAt }, now) => {
      const elapsed = now - startedAt;
      const expiresAt = startedAt + DEEPSET_INGESTING_FILES + DEEPSET_EXPIRES_AFTER_INGESTION;
      return {
        session_id: 'd0000000-0000-4000-8000-000000000002',
        status: now >= expiresAt ? 'EXPIRED' : 'CLOSED',
        expires_at: demoTime(expiresAt),
        write_mode: 'OVERWRITE',
        documentation_url: DEEPSET_DOCS_URL,
        ingestion_status: {
          failed_files: elapsed >= DEEPSET_FAILED_AT ? 1 : 0,
          finished_files: Math.min(DEEPSET_INGESTING_FILES, elapsed),
        },
      };
    },
    endedAt: ({ startedAt }) => startedAt + DEEPSET_INGESTING_FILES + DEEPSET_EXPIRES_AFTER_INGESTION,
  },
  {
    id: 'd0000000-0000-4000-8000-000000000003',
    render: () => ({
      session_id: 'd0000000-0000-4000-8000-000000000003',
      status: 'EXPIRED',
      expires_at: '2024-12-31T09:00:00Z',
      write_mode: 'FAIL',
      documentation_url: DEEPSET_DOCS_URL,
      ingestion_status: { failed_files: 2, finished_files: 7 },
    }),
  },
];

const PARADIGM_PIPELINE: readonly ParadigmDocumentStatus[] = ['pending', 'parsing', 'embedding', 'embedded'];
const PARADIGM_MOVING_DOCS: readonly Omit<ParadigmDocument, 'status' | 'updated_at'>[] = [
  { id: 101, title: 'Quarterly report Q4.pdf', collection: 7, workspace: 'Finance' },
  { id: 102, title: 'Onboarding handbook.docx', collection: 7, workspace: 'People' },
  { id: 103, title: 'Architecture overview.md', collection: 12, workspace: null },
  { id: 104, title: 'Pricing 2025.xlsx', collection: 12, workspace: 'Sales' },
];
/** Document i starts i ticks after the first, so several stages show at once. */
const PARADIGM_DONE_AFTER = PARADIGM_MOVING_DOCS.length - 1 + PARADIGM_PIPELINE.length - 1;

const paradigmScripts: DemoScript<ParadigmUploadSession>[] = [
  {
    id: 'a0000000-0000-4000-8000-000000000001',
    render: ({ startedAt }, now) => {
      const documents = PARADIGM_MOVING_DOCS.map((doc, index) => {
        const stage = Math.max(0, Math.min(PARADIGM_PIPELINE.length - 1, now - startedAt - index));
        const changedAt = stage === 0 ? 0 : index + stage;
        return { changedAt, doc: { ...doc, status: PARADIGM_PIPELINE[stage] ?? 'pending', updated_at: demoTime(startedAt + changedAt) } };
      });
      return {
        uuid: 'a0000000-0000-4000-8000-000000000001',
        is_valid: true,
        created_at: demoTime(startedAt),
        updated_at: demoTime(startedAt + Math.max(...documents.map(({ changedAt }) => changedAt))),
        documents: documents.map(({ doc }) => doc),
      };
    },
    endedAt: ({ startedAt }) => startedAt + PARADIGM_DONE_AFTER,
  },
  {
    id: 'a0000000-0000-4000-8000-000000000002',
    render: () => ({
      uuid: 'a0000000-0000-4000-8000-000000000002',
      is_valid: false,
      created_at: demoTime(-1800),
      updated_at: demoTime(-1500),
      documents: [
        { id: 201, title: 'Contract draft v3.pdf', collection: 3, status: 'embedded', updated_at: demoTime(-1600), workspace: 'Legal' },
        { id: 202, title: 'Scanned invoice 0042.tiff', collection: 3, status: 'embedding_failed', updated_at: demoTime(-1500), workspace: 'Legal' },
        { id: 203, title: 'Meeting notes.txt', collection: 5, status: 'embedded', updated_at: demoTime(-1550), workspace: null },
      ],
    }),
  },
];

const PING_UPLOAD_PER_TICK = 48_128n;
const PING_DOWNLOAD_PER_TICK = 1_310_720n;

const pingScripts: DemoScript<PingSessionStatus>[] = [
  {
    id: 'vpn-demo-1',
    render: (run, now) => {
      const connectedTicks = Math.max(0, activeTicks(run, now) - 1);
      return {
        client_id: 'client-demo-1',
        // Ping's pause "disconnects all active connections"; resume allows new ones.
        status: isPaused(run) ? 'disconnected' : now > run.startedAt ? 'connected' : 'created',
        duration: connectedTicks * DEMO_TICK_SECONDS,
        uploaded_bytes: BigInt(connectedTicks) * PING_UPLOAD_PER_TICK,
        downloaded_bytes: BigInt(connectedTicks) * PING_DOWNLOAD_PER_TICK,
      };
    },
  },
  {
    id: 'vpn-demo-2',
    render: () => ({
      client_id: 'client-demo-2',
      status: 'disconnected',
      duration: 5400,
      uploaded_bytes: 73_400_320n,
      // 2^53 + 1: a client that parses with plain JSON.parse reads this as ...992.
      downloaded_bytes: 9_007_199_254_740_993n,
    }),
  },
];

/** What a crawl was started with, and how it ends: all `totalPages`, or `failure` after some. */
interface KadoaCrawlSpec {
  id: string;
  configId: string;
  startUrls: string[];
  /** Tick of creation, relative to the run's start (negative: before the sandbox started). */
  createdAt: number;
  totalPages: number;
  failure?: { pages: number; error: string };
}

interface KadoaCrawlProgress {
  crawledPages: number;
  finished: boolean;
  paused: boolean;
}

function kadoaProgress(spec: KadoaCrawlSpec, run: DemoRun, now: number): KadoaCrawlProgress {
  if (spec.failure) return { crawledPages: spec.failure.pages, finished: true, paused: false };
  const crawledPages = Math.min(spec.totalPages, activeTicks(run, now));
  return { crawledPages, finished: crawledPages === spec.totalPages, paused: isPaused(run) };
}

/** One page a tick, standing still while paused; a failed crawl shows the error and the pages it reached. */
function kadoaScript(spec: KadoaCrawlSpec): DemoScript<KadoaSessionStatus> {
  return {
    id: spec.id,
    render: (run, now) => {
      const { crawledPages, finished, paused } = kadoaProgress(spec, run, now);
      if (spec.failure) {
        return { sessionId: spec.id, error: spec.failure.error, payload: { crawledPages, finished, status: 'failed' } };
      }
      const status = paused ? 'paused' : finished ? 'finished' : 'crawling';
      return { sessionId: spec.id, error: null, payload: { crawledPages, finished, status, startUrl: spec.startUrls[0] } };
    },
    endedAt: spec.failure ? undefined : (run) => (isPaused(run) ? undefined : run.startedAt + spec.totalPages + pausedTicks(run, Number.POSITIVE_INFINITY)),
  };
}

const KADOA_DEMO_CRAWLS: readonly KadoaCrawlSpec[] = [
  { id: 'crawl-demo-1', configId: 'config-demo-1', startUrls: ['https://example.com'], createdAt: 0, totalPages: 8 },
  {
    id: 'crawl-demo-2',
    configId: 'config-demo-2',
    startUrls: ['https://example.com/blog'],
    createdAt: -1800,
    totalPages: 3,
    failure: { pages: 3, error: 'Navigation timeout while crawling https://example.com/blog' },
  },
];

const kadoaScripts: DemoScript<KadoaSessionStatus>[] = KADOA_DEMO_CRAWLS.map(kadoaScript);

/** Every documented demo id, per provider; any other id is the provider's 404. */
export const DEMO_SESSION_IDS: Readonly<Record<Provider, readonly string[]>> = {
  DEEPSET: deepsetScripts.map(({ id }) => id),
  PARADIGM: paradigmScripts.map(({ id }) => id),
  PING: pingScripts.map(({ id }) => id),
  KADOA: kadoaScripts.map(({ id }) => id),
};

class DemoSet<Wire> {
  /** In order of creation: the demos, then the sessions created through the API. */
  private readonly entries = new Map<string, { script: DemoScript<Wire>; run: DemoRun }>();

  constructor(private readonly demos: readonly DemoScript<Wire>[]) {
    this.reset();
  }

  reset(): void {
    this.entries.clear();
    for (const script of this.demos) this.entries.set(script.id, { script, run: { startedAt: 0 } });
  }

  /** A session created through the API: it starts now and never loops. */
  add({ id, render }: DemoScript<Wire>, now: number): void {
    this.entries.set(id, { script: { id, render }, run: { startedAt: now } });
  }

  /** Every id, newest first (created sessions, then the demos in reverse order). */
  idsNewestFirst(): string[] {
    return [...this.entries.keys()].reverse();
  }

  run(id: string): DemoRun | undefined {
    return this.entries.get(id)?.run;
  }

  render(id: string, now: number): Wire | undefined {
    const entry = this.entries.get(id);
    return entry?.script.render(entry.run, now);
  }

  /** Starts again every demo that ended `loopAfterTicks` ago; returns their ids. */
  restartEnded(now: number, loopAfterTicks: number): string[] {
    const restarted: string[] = [];
    for (const [id, entry] of this.entries) {
      const endedAt = entry.script.endedAt?.(entry.run);
      if (endedAt !== undefined && now - endedAt >= loopAfterTicks) {
        entry.run = { startedAt: now };
        restarted.push(id);
      }
    }
    return restarted;
  }
}

/** A finished demo session that started over: the one case where a terminal session changes. */
export interface DemoRestart {
  provider: Provider;
  sessionId: string;
}

/** deepset's documented limit: "You can have a maximum of 10 open sessions." */
export const DEEPSET_OPEN_SESSION_LIMIT = 10;
/** The user every sandbox deepset session is created by. */
const DEEPSET_SANDBOX_USER = { user_id: 'e0000000-0000-4000-8000-000000000001', given_name: 'Sandy', family_name: 'Box' } as const;
/** When the demo sessions were created, in ticks relative to their run; a created session's run starts at its creation. */
const DEEPSET_DEMO_CREATED_AT: Readonly<Record<string, number>> = {
  'd0000000-0000-4000-8000-000000000001': -30,
  'd0000000-0000-4000-8000-000000000002': -60,
  'd0000000-0000-4000-8000-000000000003': -43_230,
};
/** Ping sessions created `reusable`; only those can be paused (the contract's 400 otherwise). */
const PING_REUSABLE = new Set(['vpn-demo-1']);
const KADOA_SANDBOX_USER = 'sandbox-user';

export interface DeepsetListedSession extends DeepsetSessionDetail {
  created_at: string;
  created_by: typeof DEEPSET_SANDBOX_USER;
}

export interface KadoaListedCrawl {
  sessionId: string;
  configId: string;
  domain: string;
  startUrls: string[];
  userId: string;
  createdAt: string;
  activeJobs: number;
  waitingJobs: number;
  crawledPages: number;
  finished: boolean;
}

export interface KadoaCrawledPage {
  id: string;
  url: string;
  status: 'DONE' | 'CRAWLING' | 'PENDING';
}

export class DemoSessions {
  private now = 0;
  private created = 0;
  private readonly deepset = new DemoSet(deepsetScripts);
  private readonly paradigm = new DemoSet(paradigmScripts);
  private readonly ping = new DemoSet(pingScripts);
  private readonly kadoa = new DemoSet(kadoaScripts);
  private kadoaSpecs = new Map<string, KadoaCrawlSpec>();

  /** @param loopAfterTicks restart a demo this many ticks after it reached its end; false never does. */
  constructor(private readonly loopAfterTicks: number | false = false) {
    this.reset();
  }

  /** Advances one tick; returns the demos that restarted on it, which a reader may hold as finished. */
  tick(): DemoRestart[] {
    this.now += 1;
    if (this.loopAfterTicks === false) return [];
    const restarted: DemoRestart[] = [];
    for (const [provider, set] of this.sets()) for (const sessionId of set.restartEnded(this.now, this.loopAfterTicks)) restarted.push({ provider, sessionId });
    return restarted;
  }

  private sets(): [Provider, DemoSet<unknown>][] {
    return [
      ['DEEPSET', this.deepset],
      ['PARADIGM', this.paradigm],
      ['PING', this.ping],
      ['KADOA', this.kadoa],
    ];
  }

  reset(): void {
    this.now = 0;
    this.created = 0;
    for (const [, set] of this.sets()) set.reset();
    this.kadoaSpecs = new Map(KADOA_DEMO_CRAWLS.map((spec) => [spec.id, spec]));
  }

  /** Ids of created sessions count up from 1 per sandbox, so tests can predict them. */
  private nextNumber(): number {
    this.created += 1;
    return this.created;
  }

  deepsetSession(id: string): DeepsetSessionDetail | undefined {
    return this.deepset.render(id, this.now);
  }

  /** Whether the session was closed: only an OPEN one can be. Ingestion then starts on the next tick. */
  closeDeepsetSession(id: string): boolean {
    const run = this.deepset.run(id);
    if (run === undefined || this.deepsetSession(id)?.status !== 'OPEN') return false;
    run.closedAt = this.now;
    return true;
  }

  /** Every deepset session with what the list adds (creation time and creator), newest first. */
  deepsetSessions(): DeepsetListedSession[] {
    return this.deepset.idsNewestFirst().flatMap((id) => {
      const session = this.deepsetSession(id);
      const createdAt = (this.deepset.run(id)?.startedAt ?? 0) + (DEEPSET_DEMO_CREATED_AT[id] ?? 0);
      return session === undefined ? [] : [{ ...session, created_at: demoTime(createdAt), created_by: DEEPSET_SANDBOX_USER }];
    });
  }

  /** A new OPEN session that then moves like demo 0001: closing starts ingestion, and it expires on time. */
  createDeepsetSession(writeMode: DeepsetSessionDetail['write_mode'], expiresInSeconds: number): DeepsetSessionDetail {
    const id = `d1000000-0000-4000-8000-${String(this.nextNumber()).padStart(12, '0')}`;
    this.deepset.add(openDeepsetScript(id, writeMode, this.now + Math.ceil(expiresInSeconds / DEMO_TICK_SECONDS)), this.now);
    return this.deepsetSession(id) as DeepsetSessionDetail;
  }

  paradigmSession(id: string): ParadigmUploadSession | undefined {
    return this.paradigm.render(id, this.now);
  }

  /** A new, valid, empty session: documents only arrive by upload, which the sandbox does not simulate. */
  createParadigmSession(): ParadigmUploadSession {
    const id = `a1000000-0000-4000-8000-${String(this.nextNumber()).padStart(12, '0')}`;
    const createdAt = demoTime(this.now);
    this.paradigm.add({ id, render: () => ({ uuid: id, is_valid: true, created_at: createdAt, updated_at: createdAt, documents: [] }) }, this.now);
    return this.paradigmSession(id) as ParadigmUploadSession;
  }

  pingSession(id: string): PingSessionStatus | undefined {
    return this.ping.render(id, this.now);
  }

  pausePingSession(id: string): boolean {
    return this.pause(this.ping.run(id), PING_REUSABLE.has(id));
  }

  resumePingSession(id: string): boolean {
    return this.resume(this.ping.run(id));
  }

  kadoaSession(id: string): KadoaSessionStatus | undefined {
    return this.kadoa.render(id, this.now);
  }

  /** Starts a crawl of `totalPages` pages that advances one page a tick from the next tick on. */
  startKadoaCrawl(startUrls: string[], totalPages: number): { sessionId: string; configId: string } {
    const number = this.nextNumber();
    const spec: KadoaCrawlSpec = { id: `crawl-${number}`, configId: `config-${number}`, startUrls, createdAt: 0, totalPages };
    this.kadoaSpecs.set(spec.id, spec);
    this.kadoa.add(kadoaScript(spec), this.now);
    return { sessionId: spec.id, configId: spec.configId };
  }

  /** Only a crawl still crawling can be paused. */
  pauseKadoaCrawl(id: string): boolean {
    const crawl = this.kadoaCrawl(id);
    return this.pause(crawl?.run, crawl?.progress.finished === false);
  }

  resumeKadoaCrawl(id: string): boolean {
    return this.resume(this.kadoa.run(id));
  }

  private kadoaCrawl(id: string): { spec: KadoaCrawlSpec; run: DemoRun; progress: KadoaCrawlProgress } | undefined {
    const spec = this.kadoaSpecs.get(id);
    const run = this.kadoa.run(id);
    return spec && run && { spec, run, progress: kadoaProgress(spec, run, this.now) };
  }

  /** Every crawl as Kadoa's session list shows it, newest first. */
  kadoaCrawls(): KadoaListedCrawl[] {
    return this.kadoa.idsNewestFirst().flatMap((id) => {
      const crawl = this.kadoaCrawl(id);
      if (crawl === undefined) return [];
      const { spec, run, progress: { crawledPages, finished, paused } } = crawl;
      const crawling = !finished && !paused;
      return [
        {
          sessionId: id,
          configId: spec.configId,
          domain: new URL(spec.startUrls[0] ?? 'https://invalid').hostname,
          startUrls: spec.startUrls,
          userId: KADOA_SANDBOX_USER,
          createdAt: demoTime(run.startedAt + spec.createdAt),
          activeJobs: crawling ? 1 : 0,
          waitingJobs: finished ? 0 : Math.max(0, spec.totalPages - crawledPages - (crawling ? 1 : 0)),
          crawledPages,
          finished,
        },
      ];
    });
  }

  /** A crawl's pages in order: done, the one being crawled, then pending; a failed crawl lists only what it reached. */
  kadoaPages(id: string): KadoaCrawledPage[] | undefined {
    const crawl = this.kadoaCrawl(id);
    if (crawl === undefined) return undefined;
    const { spec, progress } = crawl;
    const count = spec.failure ? progress.crawledPages : spec.totalPages;
    const base = (spec.startUrls[0] ?? '').replace(/\/$/, '');
    return Array.from({ length: count }, (_, index) => ({
      id: `${id}-page-${index + 1}`,
      url: index === 0 ? (spec.startUrls[0] ?? '') : `${base}/page-${index + 1}`,
      status: index < progress.crawledPages ? 'DONE' : index === progress.crawledPages && !progress.paused && !progress.finished ? 'CRAWLING' : 'PENDING',
    }));
  }

  /** Whether the session was paused: one already paused, or not `pausable`, is not. */
  private pause(run: DemoRun | undefined, pausable: boolean): boolean {
    if (run === undefined || !pausable || isPaused(run)) return false;
    run.pauses = [...(run.pauses ?? []), { from: this.now }];
    return true;
  }

  /** Whether the session was resumed: only a paused one is. */
  private resume(run: DemoRun | undefined): boolean {
    const last = run?.pauses?.at(-1);
    if (last === undefined || last.to !== undefined) return false;
    last.to = this.now;
    return true;
  }
}
