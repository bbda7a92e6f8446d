import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGateway } from '../../src/build/build-gateway.js';
import persisted from '../../src/dashboard/gql/persisted-documents.json' with { type: 'json' };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repo, as dist/gateway/ is: the bundle finds its files from the package root above it.
const OUT_DIR = join(ROOT, 'dist', `test-build-${process.pid}`);

afterAll(() => rmSync(OUT_DIR, { recursive: true, force: true }));

describe('the compiled gateway, as `npm start` runs it', () => {
  it('starts under plain node from its bundle, finds the dashboard manifest, serves queries and drains on SIGTERM', async () => {
    const outfile = join(OUT_DIR, 'main.js');
    await buildGateway({ outfile, dashboard: false });
    const child = spawn(process.execPath, ['--enable-source-maps', outfile], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const listening = new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const url = /sessiongraph is listening on (http:\/\/\S+)/.exec(output)?.[1];
        if (url) resolve(url);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', () => reject(new Error(`the gateway exited early:\n${output}`)));
    });
    try {
      const url = await listening;
      const post = async (body: unknown) =>
        (await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
      expect(await post({ query: '{ kadoaCrawlSession(sessionId: "crawl-demo-2") { state } }' })).toEqual({ data: { kadoaCrawlSession: { state: 'FAILED' } } });
      // The dashboard's own operations run by id: the bundle found their manifest from the package root.
      const documentId = Object.entries(persisted).find(([, text]) => /sessions\(ids: \$ids\)/.test(text))?.[0];
      expect(documentId).toBeDefined();
      expect(await post({ documentId, variables: { ids: [] } })).toEqual({ data: { sessions: [] } });
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      expect(output).toContain('shutdown complete');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
