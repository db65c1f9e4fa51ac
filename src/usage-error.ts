/**
 * A problem the user fixes by changing the command, found before anything is judged: a port in
 * use, nothing listening at the base URL, a key the target refuses, no scenario selected. The
 * CLI prints its message as one line and exits 2; nothing is left running.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
