// Writes schemas/{scenario,fragment}.schema.json from the compiled zod schemas (run after a build).
import { mkdirSync, writeFileSync } from 'node:fs';
import { scenarioJsonSchemas } from '../dist/src/scenario/json-schema.js';

mkdirSync('schemas', { recursive: true });
for (const [name, schema] of Object.entries(scenarioJsonSchemas())) {
  writeFileSync(`schemas/${name}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`schemas/${name}.schema.json`);
}
