import { createHash, timingSafeEqual } from 'node:crypto';
import { MonoError } from '../domain/errors.js';

/** Who may act on every tenant, and what an unknown key does. */
export interface AccessPolicy {
  /** The token that acts on every tenant, when one was set. */
  adminToken: string | undefined;
  /** Whether calls on every tenant need the token: when one is set, or when the emulator listens beyond loopback. */
  adminRequired: boolean;
  /** Whether a well-formed unknown `sandbox_…` key opens a tenant of its own on first use. */
  anyKey: boolean;
}

/** Whether the emulator listens only where this machine alone can reach it. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host) || /^::ffff:127(\.\d{1,3}){3}$/i.test(host);
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compared in constant time: the answer's timing says nothing about the token. */
export function isAdminToken(policy: AccessPolicy, key: string): boolean {
  return policy.adminToken !== undefined && timingSafeEqual(digest(key), digest(policy.adminToken));
}

/** Refuses a call on every tenant from a caller without the admin token, when the emulator asks for it. */
export function requireAdmin(policy: AccessPolicy): void {
  if (!policy.adminRequired) return;
  const message =
    policy.adminToken === undefined
      ? 'The emulator listens beyond loopback without an admin token, so calls on every tenant are refused: start it with --admin-token (MONO_EMULATOR_ADMIN_TOKEN), or send a tenant\'s key to act on that tenant alone.'
      : undefined;
  throw new MonoError({ code: 'admin_token_required', ...(message ? { message } : {}) }, { headers: { 'www-authenticate': 'Bearer' } });
}
