import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

let compiled: Promise<string> | undefined;

/**
 * src/ and test/bench/ as plain JavaScript in a scratch directory laid out like the repo (its
 * node_modules, dist and package.json linked in), so a server can run under plain `node`, as
 * `npm start` runs the gateway (from `npm run build`'s bundle). The bench's servers need the
 * bench's own IPC entry point around startGateway, hence a compile of their own, with the same
 * esbuild. Compiled once per bench run.
 */
export function compiledRoot(): Promise<string> {
  compiled ??= (async () => {
    const out = mkdtempSync(join(tmpdir(), 'sessiongraph-bench-js-'));
    process.once('exit', () => rmSync(out, { recursive: true, force: true }));
    const sources = [...filesUnder(join(ROOT, 'src')), ...filesUnder(join(ROOT, 'test/bench'))];
    const typescript = sources.filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts'));
    await build({ entryPoints: typescript, outdir: out, outbase: ROOT, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
    for (const asset of sources.filter((path) => !path.endsWith('.ts'))) {
      const target = join(out, relative(ROOT, asset));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(asset, target);
    }
    for (const shared of ['node_modules', 'dist', 'package.json']) symlinkSync(join(ROOT, shared), join(out, shared));
    return out;
  })();
  return compiled;
}
