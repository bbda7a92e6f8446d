import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.js';

const GENERATED_DIR = 'src/dashboard/gql/';

describe('src/dashboard/gql/', () => {
  it('holds exactly what `npm run codegen` generates from the schema and the page\'s documents (run it after changing either)', async () => {
    const outputs: { filename: string; content: string }[] = await generate({ ...config, silent: true, cwd: process.cwd() }, false);
    const generated = new Map(outputs.filter((o) => o.filename.startsWith(GENERATED_DIR)).map((o) => [o.filename.slice(GENERATED_DIR.length), o.content]));
    expect([...generated.keys()].sort()).toEqual(['gql.ts', 'graphql.ts', 'index.ts', 'persisted-documents.json']);
    expect((await readdir(GENERATED_DIR)).sort()).toEqual([...generated.keys()].sort());
    for (const [file, content] of generated) {
      expect(await readFile(join(GENERATED_DIR, file), 'utf8'), `${file} is stale`).toBe(content);
    }
  });
});
