#!/usr/bin/env node
import { runContractCli } from './cli-main.js';

/** The `mono-contract` bin: src/cli-main.ts on this process's arguments, output and signals. */
process.exitCode = await runContractCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signals: process,
  exitNow: (code) => process.exit(code),
});
