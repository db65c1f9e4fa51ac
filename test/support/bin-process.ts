import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';
import { ROOT } from './spawned-emulator.js';

/** A command run as a user runs it (a bin, `npm start`, `npx …`), with its output as it comes. */
export interface BinProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with stdout once `pattern` matches it; rejects on timeout or early exit, with the output. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code (or the signal), or rejects after `timeoutMs`. */
  waitForExit(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** The caller's environment without MONO_* variables nor npm's script variables, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('MONO_') && !name.startsWith('npm_')) env[name] = value;
  return { ...env, ...extra };
}

/** Spawns `command args` (from the project's root unless `cwd`); killed after the test whatever happened. */
export function startProcess(command: string, args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): BinProcess {
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    listeners.forEach((listener) => listener());
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((result) => {
    exit = result;
    listeners.forEach((listener) => listener());
  });
  const output = () => `\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForStdout: (pattern, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        const check = () => {
          const match = pattern.exec(stdout);
          if (match) finish(() => resolve(match));
          else if (exit) finish(() => reject(new Error(`exited (${exit!.code ?? exit!.signal}) before ${pattern} showed${output()}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`${pattern} did not show within ${timeoutMs} ms${output()}`))), timeoutMs);
        listeners.add(check);
        check();
      }),
    waitForExit: (timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`did not exit within ${timeoutMs} ms${output()}`)), timeoutMs);
        void exited.then((result) => {
          clearTimeout(timer);
          resolve(result);
        });
      }),
  };
}

/** Whether a process with this id still exists (signal 0 only asks). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls `condition` until it holds, or throws after `timeoutMs` naming `what`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
