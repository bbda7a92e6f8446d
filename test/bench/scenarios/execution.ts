import { execute, parse } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { createContext } from '../../../src/context.js';
import { createPollerHub } from '../../../src/live/poller-hub.js';
import { startSandbox } from '../../../src/sandbox/sandbox.js';
import { schema } from '../../../src/schema.js';
import { DEFAULT_UPSTREAM_HTTP } from '../../../src/upstreams/http/upstream-pool.js';
import { PROVIDERS, type Provider } from '../../../src/upstreams/provider.js';
import type { SessionClients } from '../../../src/upstreams/upstreams.js';
import { createUpstreams } from '../../../src/upstreams/upstreams.js';
import { FAN_OUT_QUERY, gid, SINGLE_SESSION_QUERY } from '../operations.js';
import type { Section } from '../report.js';
import type { BenchSettings } from '../settings.js';

const DEMO_IDS = [
  gid({ provider: 'PING', sessionId: 'vpn-demo-1' }),
  gid({ provider: 'KADOA', sessionId: 'crawl-demo-1' }),
  gid({ provider: 'PARADIGM', sessionId: 'a0000000-0000-4000-8000-000000000001' }),
  gid({ provider: 'DEEPSET', workspace: 'demo', sessionId: 'd0000000-0000-4000-8000-000000000001' }),
];

/**
 * graphql-js against graphql-jit on the bench's own queries, execution alone: each session is
 * fetched from the sandbox once, then the clients answer from memory, so what is timed is the
 * resolvers, the loader and the executor. The bar for adopting graphql-jit is 1.3x.
 */
export async function executionScenario(settings: BenchSettings): Promise<Section> {
  const sandbox = await startSandbox({ autoTickMs: false, loopAfterTicks: false });
  const real = createUpstreams(
    Object.fromEntries(PROVIDERS.map((p) => [p, { baseUrl: sandbox.urls[p], apiKey: sandbox.keys[p] }])) as Record<Provider, { baseUrl: string; apiKey: string }>,
    DEFAULT_UPSTREAM_HTTP,
    {},
  );
  const credentials = Object.fromEntries(PROVIDERS.map((p) => [p, sandbox.keys[p]])) as Record<Provider, string>;
  const fetched = new Map<string, Promise<unknown>>();
  const fetchOnce = (provider: Provider, ref: never, options: never): Promise<unknown> => {
    const key = JSON.stringify(ref);
    let session = fetched.get(key);
    if (!session) fetched.set(key, (session = real.clients[provider].get(ref, options)));
    return session;
  };
  const clients = Object.fromEntries(PROVIDERS.map((p) => [p, { provider: p, get: (ref: never, options: never) => fetchOnce(p, ref, options) }])) as unknown as SessionClients;
  const hub = createPollerHub();
  const context = () => createContext({ upstreams: { ...real, clients }, hub, limits: { maxIdsPerField: 100 } }, credentials);
  const iterations = settings.mode === 'quick' ? 5_000 : 20_000;
  const time = async (run: () => unknown): Promise<number> => {
    for (let i = 0; i < 2_000; i++) await run();
    const started = performance.now();
    for (let i = 0; i < iterations; i++) await run();
    return ((performance.now() - started) / iterations) * 1_000;
  };
  const figures: Section['figures'] = [];
  try {
    for (const [name, query, variables] of [
      ['single session', SINGLE_SESSION_QUERY, { id: DEMO_IDS[0] }],
      ['four sessions, one per provider', FAN_OUT_QUERY, { ids: DEMO_IDS }],
    ] as const) {
      const document = parse(query);
      const compiled = compileQuery(schema, document);
      if (!isCompiledQuery(compiled)) throw new Error(`graphql-jit could not compile the ${name} query`);
      const withoutTime = (result: unknown) => JSON.stringify(result).replace(/"fetchedAt":"[^"]+"/g, '');
      const same = withoutTime(await execute({ schema, document, variableValues: variables, contextValue: context() })) === withoutTime(await compiled.query(undefined, context(), variables));
      const js = await time(() => execute({ schema, document, variableValues: variables, contextValue: context() }));
      const jit = await time(() => compiled.query(undefined, context(), variables));
      figures.push({ name: `${name}: graphql-js / graphql-jit per execution`, value: `${js.toFixed(1)} µs / ${jit.toFixed(1)} µs = ${(js / jit).toFixed(2)}x${same ? '' : ' (DIFFERENT RESULTS)'}`, target: '>= 1.30x', ok: js / jit >= 1.3 && same });
    }
  } finally {
    await hub.close();
    await real.close();
    await sandbox.close();
  }
  return { title: 'Execution alone: graphql-js vs graphql-jit on the bench queries (in process)', figures };
}
