import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * What the CLI does for the process it owns beyond serving: notice that the command that started
 * it is gone, and tell scripts its port through a file.
 */

/** How often the parent is looked at: a port freed within a second of `kill <npm pid>`. */
const PARENT_CHECK_MS = 250;

const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh', 'ash', 'ksh', 'busybox']);

/** A process's name and parent id from /proc (Linux); undefined where there is no /proc. */
function procInfo(pid: number): { name: string; parent: number } | undefined {
  try {
    const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    // "pid (name) state ppid …": the name may hold spaces and parentheses, so read after the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return { name, parent: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) };
  } catch {
    return undefined;
  }
}

/**
 * Calls `onGone` once when the npm process that started this one exits. npm runs a script or a
 * bin through a shell (npm -> sh -c -> node) and passes SIGTERM and SIGINT on to that shell only;
 * dash then dies on SIGTERM without passing it on, and node would be left running, holding the
 * port. `npm start` avoids the shell (`exec node …`), `npx mono-emulator` cannot: so the CLI
 * watches its parent (and, when the parent is such a shell, the shell's parent, on Linux) and
 * stops when either changes, i.e. when npm or its shell is gone. Only when started by npm: a
 * user who detaches `node …/mono-emulator.mjs` on purpose (nohup, `&` then closing the shell)
 * keeps it running.
 */
export function stopWhenNpmExits(env: NodeJS.ProcessEnv, onGone: () => void): void {
  if (!env.npm_lifecycle_event) return;
  const parent = process.ppid;
  const shell = procInfo(parent);
  const grandparent = shell && SHELLS.has(shell.name) ? shell.parent : undefined;
  const timer = setInterval(() => {
    const gone = process.ppid !== parent || (grandparent !== undefined && procInfo(parent)?.parent !== grandparent);
    if (!gone) return;
    clearInterval(timer);
    onGone();
  }, PARENT_CHECK_MS);
  timer.unref();
}

/** Writes the port (and a newline) to `file` whole, through a rename, so a script polling for it never reads half of it. */
export function writePortFile(file: string, port: number): void {
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, `${port}\n`);
  renameSync(partial, file);
}

export function removePortFile(file: string): void {
  rmSync(file, { force: true });
}
