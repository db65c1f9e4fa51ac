import type { Server, ServerResponse } from 'node:http';

/**
 * Closes a server the way a CI run wants on SIGTERM: no new connection is accepted, idle
 * kept-alive connections close at once, requests already being answered get `graceMs` to finish
 * (and close their connection after their answer), then whatever is left is cut off.
 */
export function gracefulCloser(server: Server): (graceMs: number) => Promise<void> {
  const answering = new Set<ServerResponse>();
  let closing = false;
  // First in line, so the header is set before the app can write its answer.
  server.prependListener('request', (_req, res: ServerResponse) => {
    answering.add(res);
    if (closing) res.setHeader('connection', 'close');
    res.on('close', () => answering.delete(res));
  });
  return async (graceMs) => {
    closing = true;
    for (const res of answering) if (!res.headersSent) res.setHeader('connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const cutOff = setTimeout(() => server.closeAllConnections(), graceMs);
    await closed;
    clearTimeout(cutOff);
  };
}
