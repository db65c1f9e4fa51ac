import type { AddressInfo } from 'node:net';
import express from 'express';
import { CARD } from '../fixtures.js';

// The framework's own cost: Express 5 parsing the JSON body and answering the same card.
const app = express();
app.use(express.json());
app.all('/*splat', (_req, res) => {
  res.status(201).json(CARD);
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
});
