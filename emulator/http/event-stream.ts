import type { Response } from 'express';
import type { EventStream } from './handler.js';

/** A comment line this often keeps proxies and browsers from dropping a quiet stream (wall-clock time). */
const HEARTBEAT_MS = 15_000;
/** What may wait unsent for a client that stopped reading; past it, the stream ends and the client reloads what it missed. */
const MAX_BUFFERED_BYTES = 1 << 20;

/**
 * Writes a reply's server-sent events (text/event-stream): one `event:` and one `data:` line of
 * JSON per message. Never cached, never buffered by a proxy. Ends when the client leaves, when
 * the stream ends itself, or when a client reads too slowly to keep up.
 */
export function writeEventStream(res: Response, status: number, stream: EventStream): void {
  res.writeHead(status, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  // The first bytes tell the client the stream is open; `retry` is how long EventSource waits before reconnecting.
  res.write('retry: 2000\n: open\n\n');
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    res.end();
  };
  const write = (text: string) => {
    if (ended) return;
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      // The client cannot take more: ending gracefully would wait for it to read, so the socket goes.
      ended = true;
      clearInterval(heartbeat);
      res.destroy();
      return;
    }
    res.write(text);
  };
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const close = stream.open(({ event, data }) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`), end);
  // The response closes when the client leaves or the stream ended: the feed then forgets it.
  res.on('close', () => {
    end();
    close();
  });
}
