import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface GatewayProcess {
  process: ChildProcess;
  url: string;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
  /** Resolves when the output contains `text`: the process's own log lines are the events to wait on. */
  printed(text: string): Promise<void>;
  exited: Promise<number | null>;
}

/**
 * Starts the gateway as a process of its own (`node <args>` from the repository root, on a free
 * port) and resolves once it prints where it listens; rejects with its output if it exits first.
 * Only PATH and HOME come from this environment, so nothing of the test run leaks in.
 */
export async function startGatewayProcess(nodeArgs: string[], env: Record<string, string>): Promise<GatewayProcess> {
  const child = spawn(process.execPath, nodeArgs, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const waiter of waiters.filter((w) => output.includes(w.text))) waiter.resolve();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const printed = (text: string) => (output.includes(text) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ text, resolve })));
  await Promise.race([printed('sessiongraph is listening on'), exited.then(() => Promise.reject(new Error(`the gateway exited early:\n${output}`)))]);
  await printed('\n');
  const url = /sessiongraph is listening on (http:\/\/\S+)/.exec(output)![1]!;
  return { process: child, url, output: () => output, printed, exited };
}
