// Copies the dashboard's browser files (emulator/dashboard/browser: a script and a style sheet
// served as they are) beside the compiled asset loader, dist/emulator/dashboard/browser; the CLI
// bundle gets its own copy (scripts/bundle-cli.mjs).
import { cpSync } from 'node:fs';

cpSync('emulator/dashboard/browser', 'dist/emulator/dashboard/browser', { recursive: true });
