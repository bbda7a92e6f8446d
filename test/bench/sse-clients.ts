import { connect, type Socket } from 'node:net';
import { monotonicMs } from './monotonic.js';

/** A version a subscriber received, with when (monotonicMs) it arrived. */
export interface Receipt {
  version: number;
  at: number;
}

export interface SseSubscriber {
  /** Resolves on the first `event: next`; rejects on a refusal or a closed socket before it. */
  readonly first: Promise<void>;
  /** Versions seen in `"crawledPages":N` of each event, in arrival order. */
  readonly receipts: Receipt[];
  close(): void;
}

const VERSION = /"crawledPages":(\d+)/g;
/** Loopback has all of 127/8: spreading client sockets over source addresses keeps 10,000s of them clear of one address's ephemeral ports. */
const SOURCE_ADDRESSES = Array.from({ length: 16 }, (_, i) => `127.0.0.${i + 2}`);
let nextSource = 0;

/**
 * One subscription over yoga's SSE transport on a raw socket: a hand-written POST and a scan of
 * the bytes that come back. No HTTP client objects, so 10,000 of them cost the load generator
 * little and nothing of them lives in the gateway process being measured.
 */
export function openSse(origin: URL, requestBody: string, timeoutMs = 30_000): SseSubscriber {
  const receipts: Receipt[] = [];
  const socket: Socket = connect({ host: origin.hostname, port: Number(origin.port), localAddress: SOURCE_ADDRESSES[nextSource++ % SOURCE_ADDRESSES.length] });
  socket.setNoDelay(true);
  let text = '';
  let headersSeen = false;
  let settled = false;
  let resolveFirst!: () => void;
  let rejectFirst!: (error: Error) => void;
  const first = new Promise<void>((resolve, reject) => {
    resolveFirst = resolve;
    rejectFirst = reject;
  });
  const fail = (error: Error) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    rejectFirst(error);
  };
  const timer = setTimeout(() => fail(new Error(`no first SSE event within ${timeoutMs} ms`)), timeoutMs);
  socket.on('connect', () => {
    socket.write(
      `POST ${origin.pathname} HTTP/1.1\r\nHost: ${origin.host}\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: ${Buffer.byteLength(requestBody)}\r\n\r\n${requestBody}`,
    );
  });
  socket.on('data', (chunk: Buffer) => {
    const at = monotonicMs();
    text += chunk.toString('latin1');
    if (!headersSeen) {
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const status = text.slice(0, text.indexOf('\r\n'));
      if (!status.startsWith('HTTP/1.1 200')) {
        fail(new Error(`subscription refused: ${status} ${text.slice(end + 4, end + 300)}`));
        socket.destroy();
        return;
      }
      headersSeen = true;
      text = text.slice(end + 4);
    }
    let consumed = 0;
    for (const match of text.matchAll(VERSION)) {
      receipts.push({ version: Number(match[1]), at });
      consumed = match.index + match[0].length;
    }
    if (!settled && text.includes('event: next')) {
      settled = true;
      clearTimeout(timer);
      resolveFirst();
    }
    // Keep only a tail that could hold the start of a split match.
    text = text.slice(Math.max(consumed, text.length - 64));
  });
  socket.on('error', (error) => fail(error));
  socket.on('close', () => fail(new Error('the gateway closed the subscription before its first event')));
  return {
    first,
    receipts,
    close() {
      clearTimeout(timer);
      settled = true;
      socket.destroy();
    },
  };
}

/** Opens `count` subscriptions, at most `concurrency` still waiting for their first event at a time. */
export async function openMany(count: number, concurrency: number, open: (index: number) => SseSubscriber): Promise<SseSubscriber[]> {
  const subscribers: SseSubscriber[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const subscriber = open(next++);
      subscribers.push(subscriber);
      await subscriber.first;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  } catch (error) {
    for (const subscriber of subscribers) subscriber.close();
    throw error;
  }
  return subscribers;
}
