import { z } from 'zod';
import { loadContracts } from '../contracts/index.js';
import { DEFAULT_AUTHORIZATION_EXPIRY_DAYS } from './domain/card-authorizations.js';
import { DEFAULT_IDEMPOTENCY_TTL_SECONDS } from './domain/idempotency.js';
import { DEFAULT_DELIVERY_LOG_LIMIT } from './domain/webhooks.js';
import type { CardNetwork } from './ports/card-network.js';
import { parseFaultSpec } from './fault-spec.js';
import type { Clock } from './ports/clock.js';
import { faultRuleProblems } from './services/api-faults.js';

const isFunction = (value: unknown) => typeof value === 'function';

/** Letters, digits, "_", "." or "-": what an API key or the admin token is made of. */
const KEY_PATTERN = /^[A-Za-z0-9_.-]{8,128}$/;

/** Tenants at once unless told otherwise: each holds its seeded data, streams and clock in memory. */
const DEFAULT_MAX_TENANTS = 1_000;
/** The operationIds of Mono's API: what a fault rule may name. */
export function monoOperationIds(): ReadonlySet<string> {
  return new Set(loadContracts().index.operations.filter((op) => op.contract === 'mono').map((op) => op.operationId));
}

/** One API fault rule in the text syntax of fault-spec.ts, checked as the control plane checks a rule. */
const faultSpec = z.string().transform((spec, ctx) => {
  try {
    const input = parseFaultSpec(spec);
    const operations = monoOperationIds();
    const problems = faultRuleProblems(input, (id) => operations.has(id));
    for (const problem of problems) ctx.addIssue({ code: 'custom', message: `"${spec}": ${problem.message}` });
    return problems.length > 0 ? z.NEVER : input;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** Every option of the emulator, with its default: the library's single entry for settings. */
export const emulatorOptionsSchema = z
  .object({
    /** Interface to listen on; loopback unless said otherwise. */
    host: z.string().min(1).default('127.0.0.1'),
    /** TCP port; 0 picks a free one (the CLI's default is 4010). */
    port: z.number().int().min(0).max(65535).default(0),
    /** One tenant per key; one `sandbox_…` key derived from the seed when none is given. */
    apiKeys: z
      .array(z.string().regex(KEY_PATTERN, 'API keys are 8-128 letters, digits, "_", "." or "-"'))
      .min(1)
      .refine((keys) => new Set(keys).size === keys.length, 'API keys must be distinct')
      .optional(),
    /** Any well-formed unknown `sandbox_…` key opens a tenant of its own on first use (off: an unknown key is a 401, as on Mono). */
    anyKey: z.boolean().default(false),
    /**
     * Required, as `Authorization: Bearer <token>`, by the control calls that act on every tenant
     * (reset or clock move without a tenant's key, making and removing tenants). Without it, they
     * are open on loopback and refused on any other address.
     */
    adminToken: z.string().regex(KEY_PATTERN, 'the admin token is 8-128 letters, digits, "_", "." or "-"').optional(),
    /** How many tenants may exist at once, start-up ones included. */
    maxTenants: z.number().int().min(1).max(100_000).default(DEFAULT_MAX_TENANTS),
    /** Seeds ids, card numbers and the demo data: the same seed gives the same run. */
    seed: z.number().int().min(0).max(0xffff_ffff).default(20_260_101),
    /** Wall-clock delay of the Visa provisioning step, in milliseconds. */
    tokenizationLatencyMs: z.number().min(0).max(60_000).default(0),
    /** How long an `X-Idempotency-Key` answer is kept and replayed, in seconds of the tenant's time. */
    idempotencyTtlSeconds: z.number().positive().max(365 * 24 * 60 * 60).default(DEFAULT_IDEMPOTENCY_TTL_SECONDS),
    /** Days an approved card authorization waits for settlement, on its tenant's time, before it is released and reversed. */
    authorizationExpiryDays: z.number().int().min(1).max(365).default(DEFAULT_AUTHORIZATION_EXPIRY_DAYS),
    /** Registers this URL for every seeded tenant's webhooks, at start and after each reset. */
    webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** The `whsec_…` secret for webhookUrl; one is generated when absent. */
    webhookSecret: z.string().regex(/^whsec_[0-9A-Za-z_-]{16,128}$/, 'webhook secrets look like whsec_ and 16-128 letters, digits, "_" or "-"').optional(),
    /** Also sends the emulator's own card events (Mono has none) to webhookUrl. */
    webhookEmulatorEvents: z.boolean().default(false),
    /** How long a receiver has to answer a delivery attempt, in wall-clock milliseconds. */
    webhookTimeoutMs: z.number().int().min(1).max(120_000).default(10_000),
    /** How many finished (delivered or failed) deliveries each tenant's delivery log keeps, newest first; pending ones are always kept. */
    webhookLogLimit: z.number().int().min(1).max(1_000_000).default(DEFAULT_DELIVERY_LOG_LIMIT),
    /** How many times faster than real time the system clock runs (Mono's 8.4 h retry schedule in seconds). */
    clockSpeed: z.number().positive().max(1_000_000).default(1),
    /** `system`, `manual` (moves only when told to), or a Clock of your own. */
    clock: z
      .union([
        z.enum(['system', 'manual']),
        z.custom<Clock>((v) => isFunction((v as Clock | null)?.now) && isFunction((v as Clock | null)?.setTimer), 'a clock needs now() and setTimer()'),
      ])
      .default('system'),
    /**
     * Refuse what Mono lets through (unknown body fields, integer strings, an empty idempotency
     * key, a key shared by two operations) as 4xx errors instead of warning about it.
     */
    strict: z.boolean().default(false),
    /** Where a manual clock starts: epoch milliseconds or an ISO date; now when absent. */
    clockStart: z.union([z.number().int().min(0), z.iso.datetime({ offset: true })]).optional(),
    /** API fault rules every tenant starts with, and gets again at each reset: `createBankingCard:503:next=2` (README: Faults). */
    faults: z.array(faultSpec).max(100).default([]),
    /**
     * Opt-in rate limit per API key, `"<requests>/<seconds>"` (`"100"`: per 60 s). Past it, Mono's
     * API answers 429 with Retry-After; off when absent.
     */
    rateLimit: z
      .string()
      .regex(/^\d+(\/\d+)?$/, 'a rate limit is <requests>[/<seconds>], e.g. 100/60')
      .transform((text) => {
        const [requests, seconds = '60'] = text.split('/');
        return { requests: Number(requests), windowSeconds: Number(seconds) };
      })
      .pipe(
        z.strictObject({
          requests: z.number().int().min(1, 'a rate limit allows at least 1 request').max(1_000_000),
          windowSeconds: z.number().int().min(1, 'a rate limit window is at least 1 second').max(86_400),
        }),
      )
      .optional(),
    /** Replaces the fake Visa network, e.g. to inject a failure in a test. */
    cardNetwork: z.custom<CardNetwork>((v) => isFunction((v as CardNetwork | null)?.provision), 'a card network needs provision()').optional(),
    /** Receives one line per request; no request log when absent. */
    logRequest: z.custom<(line: string) => void>(isFunction).optional(),
    /** Receives unexpected errors; console.error when absent. */
    logError: z.custom<(error: unknown) => void>(isFunction).optional(),
  })
  .strict()
  .refine((o) => !o.adminToken || !o.apiKeys?.includes(o.adminToken), { message: "the admin token cannot also be a tenant's API key", path: ['adminToken'] })
  .refine((o) => (o.apiKeys?.length ?? 1) <= o.maxTenants, { message: 'more API keys than maxTenants allows', path: ['apiKeys'] });

export type EmulatorOptions = z.input<typeof emulatorOptionsSchema>;
export type ResolvedEmulatorOptions = z.output<typeof emulatorOptionsSchema>;

/** One option createEmulator() refused, and why. */
export interface OptionProblem {
  /** The option's name (`apiKeys`), or the path into it (`apiKeys.0`). */
  option: string;
  message: string;
}

/**
 * Thrown by createEmulator() for options it refuses, with each problem by option, so that a
 * command built on the library can name its own flags (the CLIs name `--api-key`, not `apiKeys`).
 */
export class EmulatorOptionsError extends TypeError {
  constructor(readonly problems: OptionProblem[], pretty: string) {
    super(`Invalid emulator options:\n${pretty}`);
    this.name = 'EmulatorOptionsError';
  }
}

export function resolveEmulatorOptions(input: EmulatorOptions): ResolvedEmulatorOptions {
  const parsed = emulatorOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({ option: issue.path.map(String).join('.') || '(options)', message: issue.message }));
    throw new EmulatorOptionsError(problems, z.prettifyError(parsed.error));
  }
  return parsed.data;
}
