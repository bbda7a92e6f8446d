import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledRoot } from './compiled-runtime.js';

/** `node`: compiled JavaScript under plain node, as `npm start` runs the gateway. `tsx`: TypeScript through tsx, as `npm run dev` does. */
export type Runtime = 'tsx' | 'node';

/** Host methods as the parent sees them: every call crosses the IPC channel, so every result is a promise. */
export type Remote<Api> = {
  [K in keyof Api]: Api[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

type Request = { id: number; method: string; args: unknown[] };
type Reply = { id: number; result?: unknown; error?: string };
type Ready = { ready: unknown };

export interface BenchChild<Api, Info> {
  /** What the host reported once it was listening (its URLs, keys...). */
  info: Info;
  remote: Remote<Api>;
  /** Ask the host to close and exit on its own (so `--cpu-prof` can write its profile), then wait for it. */
  stop(): Promise<void>;
}

/**
 * Benchmarked servers run in their own processes, so their CPU and memory are theirs alone and
 * the load generator never shares their event loop. `entry` is a TypeScript file next to this one.
 */
export async function startChild<Api, Info>(
  entry: string,
  options: { env?: Record<string, string>; execArgv?: string[]; args?: string[]; runtime?: Runtime } = {},
): Promise<BenchChild<Api, Info>> {
  const compiled = options.runtime === 'node' ? await compiledRoot() : undefined;
  const script = compiled ? join(compiled, 'test/bench', entry.replace(/\.ts$/, '.js')) : fileURLToPath(new URL(entry, import.meta.url));
  const child: ChildProcess = fork(script, options.args ?? [], {
    execArgv: [...(compiled ? [] : ['--import', 'tsx']), '--expose-gc', ...(options.execArgv ?? [])],
    // Children inherit a clean environment on purpose: NODE_ENV=test would, for one, make yoga ping SSE streams every 300 ms.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  const exited = once(child, 'exit');
  let readyResolve!: (info: Info) => void;
  let readyReject!: (error: Error) => void;
  const ready = new Promise<Info>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });
  child.on('message', (message: Reply | Ready) => {
    if ('ready' in message) return readyResolve(message.ready as Info);
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(`${entry}: ${message.error}`));
    else waiter?.resolve(message.result);
  });
  child.once('exit', (code, signal) => {
    const error = new Error(`${entry} exited (code ${code}, signal ${signal})`);
    readyReject(error);
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  });

  const remote = new Proxy({} as Remote<Api>, {
    get: (_target, method: string) => (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ id, method, args } satisfies Request);
      }),
  });
  const info = await ready;
  return {
    info,
    remote,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ id: 0, method: '__exit', args: [] } satisfies Request);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The child's side: answer the parent's calls with `api`, announce `info`, and on `__exit` run
 * `close` and leave with exit code 0. A host whose parent went away exits too.
 */
export function serveParent<Api extends object>(api: Api, info: unknown, close: () => Promise<void>): void {
  const send = (message: Reply | Ready) => process.send?.(message);
  process.on('message', (message: Request) => {
    if (message.method === '__exit') {
      close().finally(() => process.exit(0));
      return;
    }
    const method = (api as Record<string, unknown>)[message.method];
    Promise.resolve()
      .then(() => {
        if (typeof method !== 'function') throw new Error(`no method ${message.method}`);
        return (method as (...args: unknown[]) => unknown).apply(api, message.args);
      })
      .then(
        (result) => send({ id: message.id, result }),
        (error: unknown) => send({ id: message.id, error: error instanceof Error ? error.stack ?? error.message : String(error) }),
      );
  });
  process.once('disconnect', () => process.exit(0));
  send({ ready: info });
}
