#!/usr/bin/env node
// The first half of `npm test`: `npm run build` and `npm run typecheck` side by side. Each is one
// tsc process, single-threaded, ~15-20 s on the project's machines; one after the other they left
// a core idle for half a minute. Each one's output is printed once it has finished, whole; the
// exit code is the first failure's.
import { spawn } from 'node:child_process';

function run(script) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      process.stdout.write(Buffer.concat(output));
      console.log(code === 0 ? `npm run ${script}: done` : `npm run ${script}: failed (exit ${code})`);
      resolve(code ?? 1);
    });
  });
}

const codes = await Promise.all([run('build'), run('typecheck')]);
process.exit(codes.find((code) => code !== 0) ?? 0);
