import { readFileSync } from 'node:fs';

/** The dashboard's browser files, by the name the page asks for, with their type. */
const ASSETS: Readonly<Record<string, string>> = {
  'app.js': 'text/javascript; charset=utf-8',
  'view.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
};

/** The scripts the page loads (app.js imports view.js). */
export const isDashboardScript = (name: string) => name.endsWith('.js') && Object.hasOwn(ASSETS, name);

const read = new Map<string, string>();

/**
 * One of the dashboard's files, read once from `browser/` beside this module: in the sources, in
 * `dist/` and beside the bundled CLI (the build copies them to each; scripts/copy-dashboard.mjs).
 * Undefined for any other name.
 */
export function dashboardAsset(name: string): { body: string; contentType: string } | undefined {
  if (!Object.hasOwn(ASSETS, name)) return undefined;
  let body = read.get(name);
  if (body === undefined) {
    body = readFileSync(new URL(`./browser/${name}`, import.meta.url), 'utf8');
    read.set(name, body);
  }
  return { body, contentType: ASSETS[name]! };
}
