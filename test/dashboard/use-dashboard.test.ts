import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../../src/dashboard/build-dashboard.js';
import { useDashboard } from '../../src/dashboard/use-dashboard.js';

const schema = createSchema({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } });

let root: string;
let built: string;
let yoga: ReturnType<typeof createYoga>;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sessiongraph-dashboard-'));
  built = join(root, 'dashboard');
  await buildDashboard(built);
  await writeFile(join(root, 'secret.json'), '{"not":"served"}');
  yoga = createYoga({ schema, logging: false, plugins: [useDashboard({ dir: built })] });
});
afterAll(() => rm(root, { recursive: true, force: true }));

const get = (path: string, init: RequestInit = {}) => yoga.fetch(`http://gateway${path}`, init);

describe('useDashboard', () => {
  it('serves the page at / with a strict CSP, and every file the page refers to', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(Object.fromEntries(page.headers)).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'content-security-policy': expect.stringContaining("default-src 'none'; script-src 'self'"),
    });
    const html = await page.text();
    expect(html).toBe(await readFile(join(built, 'index.html'), 'utf8'));
    const referenced = [...html.matchAll(/(?:src|href)="(\/dashboard\/[^"]+)"/g)].map((m) => m[1]!);
    expect(referenced.sort()).toEqual(['/dashboard/dashboard.css', '/dashboard/dashboard.js', '/dashboard/favicon.svg']);
    const types = await Promise.all(referenced.map(async (path) => [path, (await get(path)).headers.get('content-type')]));
    expect(Object.fromEntries(types)).toEqual({
      '/dashboard/dashboard.css': 'text/css; charset=utf-8',
      '/dashboard/dashboard.js': 'text/javascript; charset=utf-8',
      '/dashboard/favicon.svg': 'image/svg+xml',
    });
    expect((await get('/dashboard/dashboard.js.map')).status).toBe(200);
  });

  it('answers HEAD without a body', async () => {
    const head = await get('/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it.each(['/dashboard/../secret.json', '/dashboard/%2e%2e%2fsecret.json', '/dashboard/..%2Fsecret.json', '/dashboard/nope.js', '/dashboard/index', '/secret.json'])(
    'serves nothing else: %s is a 404',
    async (path) => {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('not":"served');
    },
  );

  it('leaves every other request to yoga', async () => {
    const response = await get('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ ok }' }) });
    expect(await response.json()).toEqual({ data: { ok: true } });
    expect((await get('/', { method: 'POST' })).status).toBe(404);
  });

  it('says how to build the page when there is no bundle', async () => {
    const empty = join(root, 'empty');
    await mkdir(empty);
    const unbuilt = createYoga({ schema, logging: false, plugins: [useDashboard({ dir: empty })] });
    const response = await unbuilt.fetch('http://gateway/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:dashboard');
  });
});
