import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/env-reader.js';
import { loadConfig } from '../../src/config/load-config.js';
import { loadPersistedDocuments } from '../../src/documents/persisted-documents.js';
import { schema } from '../../src/schema.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const PAGES = 'query Pages { kadoaCrawlSession(sessionId: "crawl-demo-1") { crawledPages } }';
const STATE = 'query State($id: ID!) { session(id: $id) { state } }';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sessiongraph-documents-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function manifest(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('loadPersistedDocuments', () => {
  it('merges manifests, keeping sha256 ids in their prefixed form whether or not they carried the prefix', async () => {
    const first = await manifest('first.json', { [`sha256:${sha256(PAGES)}`]: PAGES });
    const second = await manifest('second.json', { [sha256(STATE)]: STATE, 'team-a/state-v1': STATE });
    const documents = await loadPersistedDocuments([first, second], schema);
    expect(Object.fromEntries(documents)).toEqual({
      [`sha256:${sha256(PAGES)}`]: PAGES,
      [`sha256:${sha256(STATE)}`]: STATE,
      'team-a/state-v1': STATE,
    });
  });

  it.each([
    ['a missing file', null, 'cannot be read (ENOENT)'],
    ['text that is not JSON', '{"a":', 'not JSON'],
    ['a list instead of an object', ['query { __typename }'], 'expected an object of "<id>": "<document>"'],
    ['a document that is not a string', { 'doc-1': { query: PAGES } }, 'doc-1: the document must be a string'],
    ['a sha256 id that is not the hash of its document', { [`sha256:${sha256(STATE)}`]: PAGES }, `sha256:${sha256(STATE)}: the id is not the sha256 of its document`],
    ['a document this schema does not have', { old: 'query Old { sessionz { id } }' }, 'old: Cannot query field "sessionz" on type "Query".'],
    ['a document that does not parse', { broken: 'query {' }, 'broken: Syntax Error'],
    ['an empty id', { '': PAGES }, 'an id must have 1 to 200 characters'],
  ])('stops on %s, naming the file and the problem', async (_name, content, problem) => {
    const path = content === null ? join(dir, 'absent.json') : await manifest('bad.json', content);
    await expect(loadPersistedDocuments([path], schema)).rejects.toThrow(`Persisted documents ${path}: ${problem}`);
  });

  it('stops when two manifests give one id different documents', async () => {
    const first = await manifest('one.json', { 'state-v1': STATE });
    const second = await manifest('two.json', { 'state-v1': PAGES });
    await expect(loadPersistedDocuments([first, second], schema)).rejects.toThrow(`${second}: state-v1: another manifest gives this id a different document`);
  });
});

describe('TRUSTED_DOCUMENTS', () => {
  it('is off by default, and takes one or more manifest paths separated by commas', () => {
    expect(loadConfig({}).trustedDocuments).toEqual([]);
    expect(loadConfig({ TRUSTED_DOCUMENTS: ' web/persisted-documents.json , admin/manifest.json,' }).trustedDocuments).toEqual([
      'web/persisted-documents.json',
      'admin/manifest.json',
    ]);
  });

  it('refuses a value that is not a list of .json paths', () => {
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: '1' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: '1' })).toThrow('TRUSTED_DOCUMENTS must be paths of .json manifests separated by commas (got "1")');
  });
});
