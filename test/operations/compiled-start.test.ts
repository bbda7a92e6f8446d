import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGateway } from '../../src/build/build-gateway.js';
import persisted from '../../src/dashboard/gql/persisted-documents.json' with { type: 'json' };
import { startGatewayProcess } from './gateway-process.js';
import { KADOA_STUB_KEY, startKadoaStub } from './kadoa-stub.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repo, as dist/gateway/ is: the bundle finds its files from the package root above it.
const OUT_DIR = join(ROOT, 'dist', `test-build-${process.pid}`);
const OUTFILE = join(OUT_DIR, 'main.js');

beforeAll(() => buildGateway({ outfile: OUTFILE, dashboard: false }));
afterAll(() => rmSync(OUT_DIR, { recursive: true, force: true }));

/** The bundle under plain node, as `npm start` and the production command (README, "Running in production") run it. */
const startCompiled = (env: Record<string, string>) => startGatewayProcess(['--enable-source-maps', OUTFILE], env);

const post = async (url: string, body: unknown) =>
  (await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();

describe('the compiled gateway, as `npm start` runs it', () => {
  it('starts under plain node from its bundle, finds the dashboard manifest, serves queries and drains on SIGTERM', async () => {
    const { process: child, url, output } = await startCompiled({});
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
    const { process: child, url, output, printed } = await startCompiled({ NODE_ENV: 'production', KADOA_BASE_URL: stub.url, KADOA_API_KEY: KADOA_STUB_KEY });
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
