import http from 'node:http';
import { connect } from 'node:net';
import type { ApiResponse } from './contract-client.js';

/** One request exactly as it goes on the wire. */
export interface WireRequest {
  method: string;
  /** Path and query, already encoded: `/v1/cards?page_size=10`. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Whether an answer is a stream of server-sent events (the live feed), which stays open. */
const isEventStream = (contentType: string | undefined) => (contentType ?? '').toLowerCase().startsWith('text/event-stream');

/**
 * An HTTP client for probing a running emulator over loopback: kept-alive connections (fast
 * enough for thousands of generated requests), and a raw socket for what Node's client refuses
 * to send (a NUL byte in a header), since a real client on another stack can send it. A stream
 * of server-sent events never ends by itself: it is read up to its first blank line (the
 * stream's opening) and closed, and answered as far as it came.
 */
export function createProbe(baseUrl: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const { hostname, port } = new URL(baseUrl);

  const viaHttp = (request: WireRequest) =>
    new Promise<ApiResponse>((resolve, reject) => {
      const headers = { ...request.headers };
      if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
      const req = http.request({ host: hostname, port, method: request.method, path: request.url, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        const answer = () => resolve(toResponse(res.statusCode ?? 0, res.headers as Record<string, string>, Buffer.concat(chunks).toString('utf8')));
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if (isEventStream(res.headers['content-type']) && Buffer.concat(chunks).includes('\n\n')) {
            answer();
            res.destroy();
          }
        });
        res.on('end', answer);
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(request.body);
    });

  const viaSocket = (request: WireRequest) =>
    new Promise<ApiResponse>((resolve, reject) => {
      const body = Buffer.from(request.body ?? '', 'utf8');
      const head = [`${request.method} ${request.url} HTTP/1.1`, `host: ${hostname}:${port}`, 'connection: close'];
      for (const [name, value] of Object.entries(request.headers)) head.push(`${name}: ${value}`);
      if (request.body !== undefined) head.push(`content-length: ${body.length}`);
      const socket = connect(Number(port), hostname);
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => {
        chunks.push(chunk);
        const bytes = Buffer.concat(chunks);
        const headEnd = bytes.indexOf('\r\n\r\n');
        const contentType = /\r\ncontent-type:\s*([^\r]*)/i.exec(bytes.subarray(0, Math.max(headEnd, 0)).toString('latin1'))?.[1];
        if (headEnd >= 0 && isEventStream(contentType) && bytes.subarray(headEnd + 4).includes('\n\n')) socket.destroy();
      });
      socket.on('error', reject);
      socket.on('close', () => {
        try {
          resolve(parseRawResponse(Buffer.concat(chunks)));
        } catch (error) {
          reject(error);
        }
      });
      socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]));
    });

  return {
    /** Sends a request; one that Node's client would refuse goes over a raw socket instead. */
    send(request: WireRequest): Promise<ApiResponse> {
      const refused = Object.entries(request.headers).some(([, value]) => /[^\t\x20-\x7e\x80-\xff]/.test(value));
      return refused ? viaSocket(request) : viaHttp(request);
    },
    close: () => agent.destroy(),
  };
}

/**
 * The body is parsed when first asked for: the fuzz properties' state reads compare answers by
 * their text and parse only the ones they check against the contract or report.
 */
function toResponse(status: number, headers: Record<string, string>, text: string): ApiResponse {
  let parsed: { body: unknown } | undefined;
  return {
    status,
    headers,
    text,
    get body() {
      parsed ??= { body: parseJson(headers, text) };
      return parsed.body;
    },
  };
}

function parseJson(headers: Record<string, string>, text: string): unknown {
  if (!(headers['content-type'] ?? '').includes('json') || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Enough of HTTP/1.1 to read one answer off a socket the server closed: content-length or chunked bodies. */
function parseRawResponse(bytes: Buffer): ApiResponse {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no HTTP answer, only ${JSON.stringify(bytes.toString('latin1').slice(0, 200))}`);
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = bytes.subarray(end + 4);
  if (headers['transfer-encoding'] === 'chunked') {
    const parts: Buffer[] = [];
    for (let at = 0; ; ) {
      const lineEnd = body.indexOf('\r\n', at);
      const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
      if (!size) break;
      parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  } else if (headers['content-length'] !== undefined) {
    body = body.subarray(0, Number(headers['content-length']));
  }
  return toResponse(status, headers, body.toString('utf8'));
}
