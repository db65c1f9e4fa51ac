import { expect } from 'vitest';
import type { ApiResponse } from './contract-client.js';

/** Asserts an answer carries exactly one error, with this status, code and path. */
export function onlyError(res: ApiResponse, status: number, error_code: string, path: string | null): void {
  expect(res.status).toBe(status);
  expect(res.body.errors).toEqual([expect.objectContaining({ error_code, path })]);
}

/** An error answer's errors as { path: error_code }. */
export function errorsByPath(res: ApiResponse): Record<string, string> {
  return Object.fromEntries(res.body.errors.map((e: { path: string; error_code: string }) => [e.path, e.error_code]));
}

/** The `x-emulator-warning` lines of an answer (Node joins repeated header lines with ", "). */
export function warningsOf(res: { headers: Record<string, string> }): string[] {
  const header = res.headers['x-emulator-warning'];
  return header === undefined ? [] : header.split(', ');
}
