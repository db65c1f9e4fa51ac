// Writes each contract as JSON beside the compiled loader (dist/contracts), so `npm start`
// reads JSON instead of parsing YAML on every cold start.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

mkdirSync('dist/contracts', { recursive: true });
for (const name of ['mono', 'emulator']) {
  const document = parse(readFileSync(`contracts/${name}.openapi.yaml`, 'utf8'));
  writeFileSync(`dist/contracts/${name}.openapi.json`, JSON.stringify(document));
}
