import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GraphiQLOptions, GraphiQLRenderer, Plugin } from 'graphql-yoga';
import { CSRF_HEADER } from '../security/use-csrf-prevention.js';

/** GraphiQL's files, each served under its own name; the page links them. */
interface Asset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
}

interface Assets {
  /** Content hash of every asset together: a new GraphiQL gets new URLs. */
  version: string;
  files: ReadonlyMap<string, Asset>;
}

const ASSET_PATH = /^\/graphiql\/([0-9a-f]{16})\/([a-z-]+\.(?:js|css|ico))$/;
const JS = 'text/javascript; charset=utf-8';

/** The names the page asks its workers for (Monaco's labels) and the files that hold them. */
const WORKERS = { editorWorkerService: 'editor-worker.js', json: 'json-worker.js', graphql: 'graphql-worker.js' } as const;

function dataUrlBytes(dataUrl: string): Asset {
  const [head = '', data = ''] = dataUrl.split(',', 2);
  return { body: Buffer.from(data, 'base64'), contentType: head.replace(/^data:/, '').replace(/;base64$/, '') };
}

/**
 * The bundled GraphiQL (no CDN: the sandbox must work offline), imported on first use: loading
 * its module costs ~35 MB of RSS, which a gateway nobody opens GraphiQL on should not pay
 * (docs/performance.md). The package exports only its renderer, which inlines all 9 MB into the
 * page, so its asset module is imported from its ESM folder.
 */
let loaded: Promise<Assets> | undefined;
function assetModuleUrl(): string {
  const entry = createRequire(import.meta.url).resolve('@graphql-yoga/render-graphiql');
  return pathToFileURL(join(dirname(entry), '../esm/graphiql.js')).href;
}

function loadAssets(): Promise<Assets> {
  loaded ??= import(assetModuleUrl()).then((module: Record<string, string>) => {
    const text = (name: string): Uint8Array<ArrayBuffer> => Buffer.from(module[name] ?? '');
    const files = new Map<string, Asset>([
      ['graphiql.js', { body: text('js'), contentType: JS }],
      ['graphiql.css', { body: text('css'), contentType: 'text/css; charset=utf-8' }],
      [WORKERS.editorWorkerService, { body: text('editorWorkerService'), contentType: JS }],
      [WORKERS.json, { body: text('jsonWorker'), contentType: JS }],
      [WORKERS.graphql, { body: text('graphqlWorker'), contentType: JS }],
      ['favicon.ico', dataUrlBytes(module.favicon ?? '')],
    ]);
    const hash = createHash('sha256');
    for (const file of files.values()) hash.update(file.body);
    return { version: hash.digest('hex').slice(0, 16), files };
  });
  return loaded;
}

/** JSON inside a <script>: no `</script>` or `<!--` can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A small page that links GraphiQL's files. It sends the CSRF header on every request, so
 * queries and subscriptions (a GET for server-sent events) pass CSRF prevention.
 */
export const renderGraphiQLPage: GraphiQLRenderer = async (options: GraphiQLOptions) => {
  const { version } = await loadAssets();
  const base = `/graphiql/${version}/`;
  const pageOptions: GraphiQLOptions = { ...options, additionalHeaders: { [CSRF_HEADER]: 'graphiql', ...options.additionalHeaders } };
  const workers = Object.fromEntries(Object.entries(WORKERS).map(([label, file]) => [label, base + file]));
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${base}favicon.ico" />
    <link rel="stylesheet" href="${base}graphiql.css" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script>
      const workers = ${scriptJson(workers)};
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (moduleId, label) => workers[label] };
    </script>
    <script src="${base}graphiql.js"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(pageOptions)});
    </script>
  </body>
</html>
`;
};

/**
 * Serves GraphiQL's files under `/graphiql/<content hash>/`, cacheable for a year: the page itself
 * (rendered by yoga on GET /graphql) is a few KB and names the current hash.
 */
export function useGraphiQLAssets(): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const match = ASSET_PATH.exec(url.pathname);
      if (!match) return;
      const { version, files } = await loadAssets();
      const asset = match[1] === version ? files.get(match[2]!) : undefined;
      if (!asset) {
        endResponse(new fetchAPI.Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
        return;
      }
      const headers = { 'content-type': asset.contentType, 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' };
      endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : asset.body, { status: 200, headers }));
    },
  };
}
