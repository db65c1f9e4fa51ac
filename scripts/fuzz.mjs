#!/usr/bin/env node
// `npm run fuzz -- --runs N`: the contract-driven property suite (test/fuzz) with N cases per
// operation and property, instead of the bounded number `npm test` runs. A failure prints its
// seed and path; `--seed S --path P --operation OP --property valid|mutated|strict|sequence` replays it.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '500' },
    seed: { type: 'string' },
    path: { type: 'string' },
    operation: { type: 'string' },
    property: { type: 'string' },
    report: { type: 'string' },
  },
});
if (!/^\d+$/.test(values.runs)) {
  console.error(`--runs takes a whole number, not "${values.runs}"`);
  process.exit(2);
}
const FILES = {
  valid: 'test/fuzz/valid-requests.test.ts',
  mutated: 'test/fuzz/mutated-requests.test.ts',
  strict: 'test/fuzz/strict-mutations.test.ts',
  sequence: 'test/fuzz/request-sequences.test.ts',
};
if (values.property && !FILES[values.property]) {
  console.error(`--property is one of ${Object.keys(FILES).join(', ')}, not "${values.property}"`);
  process.exit(2);
}
const files = values.property ? [FILES[values.property]] : ['test/fuzz'];
const args = ['vitest', 'run', ...files, ...(values.operation ? ['-t', `for ${values.operation} `] : [])];
const env = {
  ...process.env,
  FUZZ_RUNS: values.runs,
  ...(values.seed ? { FUZZ_SEED: values.seed } : {}),
  ...(values.path ? { FUZZ_PATH: values.path } : {}),
  ...(values.report ? { FUZZ_REPORT: values.report } : {}),
};
const result = spawnSync('npx', args, { stdio: 'inherit', env });
process.exit(result.status ?? 1);
