// Bundles the compiled CLI (dist/emulator/cli.js) and what it imports into one file,
// dist/cli/mono-emulator.mjs, which `npm start` and the bin run. Loading one file instead of a
// few hundred modules takes about 100 ms off every cold start, and CI suites start the emulator
// often. ajv and yaml stay outside: they are required on first use only.
import { chmodSync, copyFileSync, cpSync } from 'node:fs';
import { build } from 'rolldown';

await build({
  input: 'dist/emulator/cli.js',
  platform: 'node',
  logLevel: 'warn',
  // ASCII only: one character outside Latin-1 (an em dash in a message) makes V8 keep the whole
  // source as a two-byte string for the life of the process, 3.6 MB instead of 2 MB. Escaped in
  // literals, the characters are the same at run time. No comments either: the source stays in
  // memory as long as the process (0.2 MB of JSDoc).
  output: { file: 'dist/cli/mono-emulator.mjs', format: 'esm', charset: 'ascii', comments: false },
});
chmodSync('dist/cli/mono-emulator.mjs', 0o755);
// The contract loader reads the JSON contracts beside the module that runs it.
for (const name of ['mono', 'emulator']) copyFileSync(`dist/contracts/${name}.openapi.json`, `dist/cli/${name}.openapi.json`);
// The dashboard's browser files are read beside the module that serves them (emulator/dashboard/assets.ts).
cpSync('dist/emulator/dashboard/browser', 'dist/cli/browser', { recursive: true });
