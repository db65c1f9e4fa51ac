import type { Response } from 'express';

/**
 * What the emulator let through because Mono does, and tells the developer about: Mono answers
 * such requests without a word, so the warning is the emulator's (README: Strict mode). Each
 * warning is one line of this header, one note on the request log line and one entry in the
 * harness report.
 */
export const WARNING_HEADER = 'x-emulator-warning';

/** More would swamp a client's header limit (16 kB in Node's fetch) on a body full of unknown keys. */
const MAX_WARNINGS = 10;
const MAX_DETAIL = 200;

/**
 * A client's text (a field name) made safe for a header line and a log line: anything but
 * printable ASCII, the comma that joins header lines and spaces is percent-encoded (UTF-8), and
 * it is cut at 200 characters.
 */
export function headerSafe(text: string): string {
  const encoded = text.slice(0, MAX_DETAIL).replace(/[^!-+\--~]/gu, (c) => [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
  return text.length > MAX_DETAIL ? `${encoded}...` : encoded;
}

/**
 * Records a warning on the response: it is written as a header line at once (the answer has not
 * started), so nothing runs on requests that have nothing to warn about.
 */
export function warn(res: Response, message: string): void {
  const warnings = (res.locals.warnings ??= []) as string[];
  if (warnings.length > MAX_WARNINGS) return;
  const line = warnings.length === MAX_WARNINGS ? 'further warnings not shown' : message;
  warnings.push(line);
  res.appendHeader(WARNING_HEADER, line);
}

/** The warnings recorded on a response, in order. */
export function warningsOf(res: Response): readonly string[] {
  return (res.locals.warnings as string[] | undefined) ?? [];
}
