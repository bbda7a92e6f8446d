import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A throwaway redis-server the test can kill and start again on the same port; it keeps nothing on disk. */
export interface RedisServerProcess {
  url: string;
  port: number;
  /** SIGKILL, like a crash: no goodbye to clients. Resolves once the process has exited. */
  kill(): Promise<void>;
  /** Starts again on the same port, empty. */
  restart(): Promise<void>;
}

/** The redis-server binary on PATH, or null. */
export function findRedisServer(): string | null {
  const found = spawnSync('which', ['redis-server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || null : null;
}

export async function startRedisServer(binary: string): Promise<RedisServerProcess> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    const next = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = next;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => fail(new Error(`redis-server did not start on ${port} within 5 s:\n${output}`)), 5_000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (!output.includes('Ready to accept connections')) return;
        clearTimeout(timer);
        next.stdout!.off('data', onData);
        next.stdout!.resume();
        resolve();
      };
      const fail = (error: Error): void => {
        clearTimeout(timer);
        next.kill('SIGKILL');
        reject(error);
      };
      next.stdout!.on('data', onData);
      next.stderr!.resume();
      next.once('exit', (code) => fail(new Error(`redis-server exited with ${code}:\n${output}`)));
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async kill() {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
    restart: launch,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
