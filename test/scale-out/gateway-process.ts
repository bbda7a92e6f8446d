import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `node --import tsx src/main.ts` as its own process, the way a replica runs in production. */
export interface GatewayProcess {
  url: string;
  pid: number;
  /** Everything it wrote, for a failure message. */
  output(): string;
  /** SIGKILL, like a crashed container: no shutdown hooks, no lease released. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export async function startGatewayProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`gateway did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (): void => {
      const found = /sessiongraph is listening on (http:\/\/\S+)/.exec(output);
      if (!found) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      resolve(found[1]!);
    };
    const onExit = (code: number | null): void => fail(new Error(`gateway exited with ${code} before listening:\n${output}`));
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
  return {
    url,
    pid: child.pid!,
    output: () => output,
    kill: () => signal(child, 'SIGKILL', 0),
    stop: (graceMs = 5_000) => signal(child, 'SIGTERM', graceMs),
  };
}

function signal(child: ChildProcess, name: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = graceMs > 0 ? setTimeout(() => child.kill('SIGKILL'), graceMs) : undefined;
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(name);
  });
}
