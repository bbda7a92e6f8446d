import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { access, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * README.md's "Use it in a supergraph" run as written: its mesh.config.ts, its shell commands
 * (`npx mesh-compose`, `npx hive-gateway …`) as child processes, its query through the gateway.
 * The blocks are read from the markdown, so a change to the docs is a change to this test.
 *
 * Two things are not as written, both ports: sessiongraph listens on a free port, not 4000, and
 * the gateway on another, not 4100 (other suites and a developer's own `npm start` may hold
 * them). Each is replaced exactly once, and the test fails if the docs stop naming it. "A
 * directory where both packages are installed" is a temp dir whose node_modules links to this
 * checkout's. docs/federation.md's "Compose it" must show the same config and commands (it may
 * comment more), so one run covers both.
 */

const ROOT = new URL('../../', import.meta.url);
const DOCUMENTED_SESSIONGRAPH = 'http://127.0.0.1:4000/graphql';
const DOCUMENTED_GATEWAY = 'http://127.0.0.1:4100/graphql';
const DOCUMENTED_PORT_FLAG = '--port 4100';

/** The text under `## <title>`, up to the next `## ` heading. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`no "## ${title}" section`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** The fenced code blocks of one language, in order. */
function blocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((match) => match[1]!);
}

/** Shell lines without comments or blank lines, to compare two docs' commands. */
const commands = (sh: string) =>
  sh
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);

/** TypeScript without its comment lines, to compare two docs' configs. */
const code = (ts: string) =>
  ts
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');

function replaceOnce(text: string, documented: string, actual: string): string {
  expect(text.split(documented), `the example should name ${documented} once`).toHaveLength(2);
  return text.replace(documented, actual);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A reader's shell: the Node running this test first on PATH (CI runs two), without vitest's NODE_ENV. */
function shellEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };
  delete env.NODE_ENV;
  return env;
}

interface Child {
  process: ChildProcess;
  output: () => string;
}

/** One documented command line, through a shell as a reader runs it, in its own process group. */
function run(command: string, cwd: string): Child {
  const child = spawn(command, { cwd, shell: true, detached: true, env: shellEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString().replace(/\x1b\[[0-9;]*m/g, ''));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return { process: child, output: () => output };
}

async function finished(child: Child): Promise<void> {
  const [code] = (await once(child.process, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`exited with ${code}:\n${child.output()}`);
}

/** Resolves once the gateway logs that it listens at `url`; rejects if it exits first. */
function listening(child: Child, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (child.output().includes(`Listening on ${url}`)) {
        child.process.stdout!.off('data', check);
        child.process.stderr!.off('data', check);
        child.process.off('exit', exited);
        resolve();
      }
    };
    const exited = (code: number | null) => reject(new Error(`the gateway exited with ${code} before listening:\n${child.output()}`));
    child.process.stdout!.on('data', check);
    child.process.stderr!.on('data', check);
    child.process.once('exit', exited);
    check();
  });
}

async function stop(child: Child | undefined): Promise<void> {
  if (!child || child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exit = once(child.process, 'exit');
  process.kill(-child.process.pid!, 'SIGTERM');
  const timer = setTimeout(() => process.kill(-child.process.pid!, 'SIGKILL'), 5_000);
  await exit;
  clearTimeout(timer);
}

const readme = section(await readFile(new URL('README.md', ROOT), 'utf8'), 'Use it in a supergraph');
const federation = section(await readFile(new URL('docs/federation.md', ROOT), 'utf8'), 'Compose it');
const [config] = blocks(readme, 'ts');
const [shell] = blocks(readme, 'sh');
const [query] = blocks(readme, 'graphql');

let sessiongraph: TestGateway;
let dir: string;
let gateway: Child | undefined;
let gatewayUrl: string;

beforeAll(async () => {
  expect([config, shell, query]).not.toContain(undefined);
  sessiongraph = await startTestGateway();
  dir = await mkdtemp(join(tmpdir(), 'sessiongraph-readme-'));
  await symlink(new URL('node_modules', ROOT).pathname, join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, 'mesh.config.ts'), replaceOnce(config!, DOCUMENTED_SESSIONGRAPH, `${sessiongraph.url}/graphql`));

  const [compose, serve, ...rest] = commands(shell!);
  expect(rest).toEqual([]);
  await finished(run(compose!, dir));
  // What the config's `output` names, where the next command reads it.
  await access(join(dir, 'supergraph.graphql'));

  const port = await freePort();
  gatewayUrl = DOCUMENTED_GATEWAY.replace(':4100', `:${port}`);
  gateway = run(replaceOnce(serve!, DOCUMENTED_PORT_FLAG, `--port ${port}`), dir);
  await listening(gateway, new URL(gatewayUrl).origin);
}, 60_000);

afterAll(async () => {
  await stop(gateway);
  await sessiongraph?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("README's supergraph example, as written", () => {
  it('is the example docs/federation.md gives (same config code, same commands)', () => {
    const [fullConfig] = blocks(federation, 'ts');
    const [fullShell] = blocks(federation, 'sh');
    expect(code(fullConfig!)).toBe(code(config!));
    expect(commands(fullShell!)).toEqual(commands(shell!));
    expect(federation).toContain(DOCUMENTED_GATEWAY);
  });

  it("answers the README's query through the gateway the commands started, as sessiongraph does", async () => {
    expect((await fetch(new URL('/readiness', gatewayUrl))).status).toBe(200);
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: query! }),
    });
    const result = (await response.json()) as { data?: { session?: { id: string; state: string } | null }; errors?: unknown[] };
    expect(result.errors).toBeUndefined();
    expect(result.data?.session).toMatchObject({ id: expect.any(String), state: expect.any(String) });
    expect(result).toEqual(await sessiongraph.query(query!));
  });
});
