import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGateway } from '../../src/build/build-gateway.js';
import persisted from '../../src/dashboard/gql/persisted-documents.json' with { type: 'json' };
import { KADOA_STUB_KEY, startKadoaStub } from './kadoa-stub.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repo, as dist/gateway/ is: the bundle finds its files from the package root above it.
const OUT_DIR = join(ROOT, 'dist', `test-build-${process.pid}`);
const OUTFILE = join(OUT_DIR, 'main.js');

beforeAll(() => buildGateway({ outfile: OUTFILE, dashboard: false }));
afterAll(() => rmSync(OUT_DIR, { recursive: true, force: true }));

interface Compiled {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves when the output contains `text`. */
  printed(text: string): Promise<void>;
}

/** The bundle under plain node, as `npm start` and the production command (README, "Running in production") run it. */
async function startCompiled(env: Record<string, string>): Promise<Compiled> {
  const child = spawn(process.execPath, ['--enable-source-maps', OUTFILE], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const waiter of waiters.filter((w) => output.includes(w.text))) waiter.resolve();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const printed = (text: string) => (output.includes(text) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ text, resolve })));
  const early = once(child, 'exit').then(() => Promise.reject(new Error(`the gateway exited early:\n${output}`)));
  early.catch(() => {});
  await Promise.race([printed('sessiongraph is listening on'), early]);
  await printed('\n');
  const url = /sessiongraph is listening on (http:\/\/\S+)/.exec(output)![1]!;
  return { child, url, output: () => output, printed };
}

const post = async (url: string, body: unknown) =>
  (await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();

describe('the compiled gateway, as `npm start` runs it', () => {
  it('starts under plain node from its bundle, finds the dashboard manifest, serves queries and drains on SIGTERM', async () => {
    const { child, url, output } = await startCompiled({});
    try {
      expect(await post(url, { query: '{ kadoaCrawlSession(sessionId: "crawl-demo-2") { state } }' })).toEqual({ data: { kadoaCrawlSession: { state: 'FAILED' } } });
      // The dashboard's own operations run by id: the bundle found their manifest from the package root.
      const documentId = Object.entries(persisted).find(([, text]) => /sessions\(ids: \$ids\)/.test(text))?.[0];
      expect(documentId).toBeDefined();
      expect(await post(url, { documentId, variables: { ids: [] } })).toEqual({ data: { sessions: [] } });
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      expect(output()).toContain('shutdown complete');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('as the production command (NODE_ENV=production node dist/gateway/main.js), answers a request in flight at SIGTERM before it exits', async () => {
    const stub = await startKadoaStub({ hold: true });
    const { child, url, output, printed } = await startCompiled({ NODE_ENV: 'production', KADOA_BASE_URL: stub.url, KADOA_API_KEY: KADOA_STUB_KEY });
    try {
      const inFlight = post(url, { query: '{ kadoaCrawlSession(sessionId: "crawl-1") { crawledPages } }' });
      await stub.receivedAtLeast(1);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await printed('SIGTERM received, shutting down');
      // Still running: the process waits for the request it holds (npm would have exited here).
      expect(child.exitCode).toBeNull();
      stub.release();
      expect(await inFlight).toEqual({ data: { kadoaCrawlSession: { crawledPages: 3 } } });
      expect((await exited)[0]).toBe(0);
      expect(output()).toContain('"msg":"shutdown complete"');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      stub.release();
      await stub.close();
    }
  });
});
