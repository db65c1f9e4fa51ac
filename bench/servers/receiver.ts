import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// A webhook receiver that acknowledges every delivery at once, in its own process.
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200).end());
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
});
