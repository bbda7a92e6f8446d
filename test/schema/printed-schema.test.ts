import { readFile } from 'node:fs/promises';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { generate } from '@graphql-codegen/cli';
import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import config from '../../codegen.js';

let outputs: { filename: string; content: string }[];
beforeAll(async () => {
  outputs = await generate({ ...config, silent: true, cwd: process.cwd() }, false);
});

const committed = (file: string) => readFile(new URL(`../../${file}`, import.meta.url), 'utf8');
const printed = (file: string) => {
  const output = outputs.find((o) => o.filename.endsWith(file));
  expect(output, `codegen printed no ${file}`).toBeDefined();
  return output!.content;
};

describe.each(['schema/schema.graphql', 'schema/subgraph.graphql'])('%s', (file) => {
  it('matches what `npm run codegen` prints from src/schema.ts (run it after changing the schema)', async () => {
    expect(await committed(file)).toBe(printed(file));
  });
});

describe('schema/subgraph.graphql', () => {
  it('links Federation 2.3 and keys the Session interface and every provider type by id', async () => {
    const sdl = await committed('schema/subgraph.graphql');
    expect(sdl).toContain('schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])');
    const keyed = [...sdl.matchAll(/^(?:type|interface) (\w+)[^{\n]*@key\(fields: "id"\)/gm)].map((m) => m[1]);
    expect(keyed.sort()).toEqual(['DeepsetUploadSession', 'KadoaCrawlSession', 'ParadigmUploadSession', 'PingVpnSession', 'Session']);
  });

  it('is a subgraph @apollo/subgraph accepts, and leaves the federation fields to the gateway', async () => {
    const sdl = await committed('schema/subgraph.graphql');
    const fields = Object.keys(buildSubgraphSchema(parse(sdl)).getQueryType()!.getFields());
    expect(fields).toEqual(expect.arrayContaining(['_entities', '_service', 'session']));
    expect(sdl).not.toMatch(/_entities|_service|_Any/);
  });

  it('leaves the client SDL without the federation plumbing', async () => {
    expect(await committed('schema/schema.graphql')).not.toMatch(/@key|@link|_entities|_service|_Any|_Entity/);
  });
});
