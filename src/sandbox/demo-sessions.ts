import type { Provider } from '../upstreams/provider.js';

/**
 * The documented demo sessions and how each moves per tick. Every value is a pure function of the
 * sandbox's tick counter and the few events that happened (a deepset close), never of the wall
 * clock, so any test can predict a whole response at any tick.
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

/** One run of a demo: the tick it (re)started at, and when deepset's open session was closed. */
interface DemoRun {
  startedAt: number;
  closedAt?: number;
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

const deepsetScripts: DemoScript<DeepsetSessionDetail>[] = [
  {
    id: 'd0000000-0000-4000-8000-000000000001',
    render: ({ closedAt }, now) => ({
      session_id: 'd0000000-0000-4000-8000-000000000001',
      status: closedAt === undefined ? 'OPEN' : 'CLOSED',
      expires_at: '2099-01-01T00:00:00Z',
      write_mode: 'KEEP',
      documentation_url: DEEPSET_DOCS_URL,
      ingestion_status: {
        failed_files: 0,
        finished_files: closedAt === undefined ? 0 : Math.min(DEEPSET_CLOSED_FILES, now - closedAt),
      },
    }),
    endedAt: ({ closedAt }) => (closedAt === undefined ? undefined : closedAt + DEEPSET_CLOSED_FILES),
  },
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
    render: ({ startedAt }, now) => {
      const connectedTicks = Math.max(0, now - startedAt - 1);
      return {
        client_id: 'client-demo-1',
        status: now > startedAt ? 'connected' : 'created',
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

const KADOA_PAGES = 8;

const kadoaScripts: DemoScript<KadoaSessionStatus>[] = [
  {
    id: 'crawl-demo-1',
    render: ({ startedAt }, now) => {
      const crawledPages = Math.min(KADOA_PAGES, now - startedAt);
      const finished = crawledPages === KADOA_PAGES;
      return {
        sessionId: 'crawl-demo-1',
        error: null,
        payload: { crawledPages, finished, status: finished ? 'finished' : 'crawling', startUrl: 'https://example.com' },
      };
    },
    endedAt: ({ startedAt }) => startedAt + KADOA_PAGES,
  },
  {
    id: 'crawl-demo-2',
    render: () => ({
      sessionId: 'crawl-demo-2',
      error: 'Navigation timeout while crawling https://example.com/blog',
      payload: { crawledPages: 3, finished: true, status: 'failed' },
    }),
  },
];

/** Every documented demo id, per provider; any other id is the provider's 404. */
export const DEMO_SESSION_IDS: Readonly<Record<Provider, readonly string[]>> = {
  DEEPSET: deepsetScripts.map(({ id }) => id),
  PARADIGM: paradigmScripts.map(({ id }) => id),
  PING: pingScripts.map(({ id }) => id),
  KADOA: kadoaScripts.map(({ id }) => id),
};

class DemoSet<Wire> {
  private readonly runs = new Map<string, DemoRun>();

  constructor(private readonly scripts: readonly DemoScript<Wire>[]) {
    this.reset();
  }

  reset(): void {
    for (const { id } of this.scripts) this.runs.set(id, { startedAt: 0 });
  }

  run(id: string): DemoRun | undefined {
    return this.runs.get(id);
  }

  render(id: string, now: number): Wire | undefined {
    const run = this.runs.get(id);
    const script = this.scripts.find((candidate) => candidate.id === id);
    return run && script?.render(run, now);
  }

  restartEnded(now: number, loopAfterTicks: number): void {
    for (const script of this.scripts) {
      const endedAt = script.endedAt?.(this.runs.get(script.id) ?? { startedAt: 0 });
      if (endedAt !== undefined && now - endedAt >= loopAfterTicks) this.runs.set(script.id, { startedAt: now });
    }
  }
}

export type DeepsetCloseOutcome = 'closed' | 'alreadyClosed' | 'notFound';

export class DemoSessions {
  private now = 0;
  private readonly deepset = new DemoSet(deepsetScripts);
  private readonly paradigm = new DemoSet(paradigmScripts);
  private readonly ping = new DemoSet(pingScripts);
  private readonly kadoa = new DemoSet(kadoaScripts);

  /** @param loopAfterTicks restart a demo this many ticks after it reached its end; false never does. */
  constructor(private readonly loopAfterTicks: number | false = false) {}

  get ticks(): number {
    return this.now;
  }

  tick(): void {
    this.now += 1;
    if (this.loopAfterTicks === false) return;
    for (const set of [this.deepset, this.paradigm, this.ping, this.kadoa]) set.restartEnded(this.now, this.loopAfterTicks);
  }

  reset(): void {
    this.now = 0;
    for (const set of [this.deepset, this.paradigm, this.ping, this.kadoa]) set.reset();
  }

  deepsetSession(id: string): DeepsetSessionDetail | undefined {
    return this.deepset.render(id, this.now);
  }

  /** Only an OPEN session can be closed; ingestion then starts on the next tick. */
  closeDeepsetSession(id: string): DeepsetCloseOutcome {
    const session = this.deepsetSession(id);
    const run = this.deepset.run(id);
    if (session === undefined || run === undefined) return 'notFound';
    if (session.status !== 'OPEN') return 'alreadyClosed';
    run.closedAt = this.now;
    return 'closed';
  }

  paradigmSession(id: string): ParadigmUploadSession | undefined {
    return this.paradigm.render(id, this.now);
  }

  pingSession(id: string): PingSessionStatus | undefined {
    return this.ping.render(id, this.now);
  }

  kadoaSession(id: string): KadoaSessionStatus | undefined {
    return this.kadoa.render(id, this.now);
  }
}
