import { readFile } from 'node:fs/promises';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.js';

describe('schema/schema.graphql', () => {
  it('matches what `npm run codegen` prints from src/schema.ts (run it after changing the schema)', async () => {
    const outputs = await generate({ ...config, silent: true, cwd: process.cwd() }, false);
    const printed = outputs.find((o: { filename: string }) => o.filename.endsWith('schema/schema.graphql'));
    expect(printed, 'codegen printed no schema/schema.graphql').toBeDefined();
    const committed = await readFile(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printed!.content);
  });
});
