/**
 * Figures for docs/security.md: what large graphql-ws messages cost the gateway's memory with the
 * limit at its default and at its ceiling. Run with `npx tsx test/server/measure-connection-limits.ts`;
 * it starts each gateway as its own process (so the client's buffers are not counted) on loopback.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

const memory = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) / 1024);
  return { rss: mb('VmRSS'), peak: mb('VmHWM') };
};

async function measure(limitBytes: number, messageBytes: number, count: number): Promise<string> {
  const port = 4_700 + Math.floor(Math.random() * 200);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: String(port), SANDBOX: '1', LOG_LEVEL: 'silent', MAX_REQUEST_BODY_BYTES: String(limitBytes) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const chunk of child.stdout!) if (String(chunk).includes('listening')) break;
  const before = memory(child.pid!);
  const message = JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ __typename }', variables: { padding: 'x'.repeat(messageBytes) } } });
  const outcomes: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws');
    await once(socket, 'open');
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await once(socket, 'message');
    socket.send(message);
    const [outcome] = await Promise.race([once(socket, 'message').then(() => ['executed']), once(socket, 'close').then(([code]) => [`closed ${code}`])]);
    outcomes.push(String(outcome));
    socket.terminate();
  }
  const after = memory(child.pid!);
  child.kill('SIGTERM');
  await once(child, 'exit');
  const mb = (messageBytes / 1024 / 1024).toFixed(0);
  return `limit ${(limitBytes / 1024).toFixed(0)} KiB, ${count} messages of ${mb} MB: ${[...new Set(outcomes)].join(', ')}; RSS ${before.rss} -> ${after.rss} MB, peak ${before.peak} -> ${after.peak} MB`;
}

console.log(await measure(65_536, 90 * 1024 * 1024, 5));
console.log(await measure(64 * 1024 * 1024, 60 * 1024 * 1024, 5));
