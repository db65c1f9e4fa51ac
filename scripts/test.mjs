#!/usr/bin/env node
// `npm test`: the build's JavaScript, then the suite, with the type check beside both. The build
// strips types file by file (`npm run build:js`, a second or two; the declarations of `npm run
// build` are not needed to test); the check (TypeScript 7's native tsc, a few seconds) starts with
// the build and runs on beside vitest's workers instead of before them, so no core waits for it. vitest's
// output streams as it comes; the type check's is printed whole once both have finished. The
// arguments go to vitest (`npm test -- test/http`); the exit code is the first failure's.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));

function run(command, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${command}: ${error.message}\n`)));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(output) }));
  });
}

const npm = (script, options) => run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', script], options);

// The type check reads the sources, not the build: it starts with the build, and runs on beside the suite.
const checking = npm('typecheck', { capture: true });
const build = await npm('build:js');
if (build.code !== 0) {
  console.error(`npm run build:js: failed (exit ${build.code})`);
  await checking;
  process.exit(build.code);
}
const suite = await run(process.execPath, [vitest, 'run', ...process.argv.slice(2)]);
const typecheck = await checking;
process.stdout.write(typecheck.output);
console.log(typecheck.code === 0 ? 'npm run typecheck: no type errors' : `npm run typecheck: failed (exit ${typecheck.code})`);
process.exit([typecheck.code, suite.code].find((code) => code !== 0) ?? 0);
