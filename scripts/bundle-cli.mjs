// Bundles the compiled CLI (dist/emulator/cli.js) and what it imports into one CommonJS file,
// dist/cli/emulator.cjs, and the launcher `npm start` and the bin run (dist/emulator/cli-launcher.js)
// into dist/cli/mono-emulator.mjs. Loading one file instead of a few hundred modules takes about
// 100 ms off every cold start, and CI suites start the emulator often; CommonJS, because that is
// what V8's code cache can be used for on Node 20 (emulator/cli-code-cache.ts). ajv and yaml stay
// outside: they are required on first use only.
import { chmodSync, copyFileSync, cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { build } from 'rolldown';

// Code caches of earlier builds (their names carry the bundle's hash; none would be read again).
mkdirSync('dist/cli', { recursive: true });
for (const name of readdirSync('dist/cli', { withFileTypes: true }).filter((entry) => entry.name.endsWith('.v8cache'))) rmSync(`dist/cli/${name.name}`);
// ASCII only: one character outside Latin-1 (an em dash in a message) makes V8 keep the whole
// source as a two-byte string for the life of the process, 3.6 MB instead of 2 MB. Escaped in
// literals, the characters are the same at run time. No comments either: the source stays in
// memory as long as the process (0.2 MB of JSDoc).
const output = { charset: 'ascii', comments: false };
await build({ input: 'dist/emulator/cli.js', platform: 'node', logLevel: 'warn', output: { ...output, file: 'dist/cli/emulator.cjs', format: 'cjs' } });
await build({ input: 'dist/emulator/cli-launcher.js', platform: 'node', logLevel: 'warn', output: { ...output, file: 'dist/cli/mono-emulator.mjs', format: 'esm' } });
chmodSync('dist/cli/mono-emulator.mjs', 0o755);
// The contract loader reads the JSON contracts beside the module that runs it.
for (const name of ['mono', 'emulator']) copyFileSync(`dist/contracts/${name}.openapi.json`, `dist/cli/${name}.openapi.json`);
// The dashboard's browser files are read beside the module that serves them (emulator/dashboard/assets.ts).
cpSync('dist/emulator/dashboard/browser', 'dist/cli/browser', { recursive: true });
