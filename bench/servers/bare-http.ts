import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CARD } from '../fixtures.js';

// The floor: Node's HTTP server reading the body and answering a fixed card.
const body = JSON.stringify(CARD);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
});
