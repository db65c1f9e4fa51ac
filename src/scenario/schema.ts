import { z } from 'zod';

/**
 * The scenario file format (scenarios/README.md documents it with examples). Expected values are
 * free JSON with matchers inside; their matcher syntax is checked by `checkExpected` in
 * ../matchers.ts, and cross-step rules (names, references) by ./load.ts.
 */

/** The kinds of server a scenario can be valid for: the `url` target is an emulator too. */
const SCENARIO_TARGETS = ['emulator', 'sandbox'] as const;
export type ScenarioTarget = (typeof SCENARIO_TARGETS)[number];

/** What a scenario may need beyond one API key; a target without it skips the scenario with the reason. */
const REQUIREMENTS = ['second_tenant', 'webhooks'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

const NAME = /^[a-z0-9][a-z0-9_-]*$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const stepName = z.string().regex(NAME, 'a step name is lowercase letters, digits, "-" and "_" (steps refer to each other by it)');
const identifier = z.string().regex(IDENTIFIER, 'a variable name is letters, digits and "_", not starting with a digit');

const queryValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]);

const requestSchema = z
  .object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    path: z.string().startsWith('/', 'a path starts with "/" (the base URL comes from the target)'),
    query: z.record(z.string(), queryValue).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    /** Any JSON value, sent with content-type application/json. */
    body: z.unknown().optional(),
  })
  .strict();

const webhookExpectationSchema = z
  .object({
    /** `event.type` of the delivery, e.g. `card_state_changed`. */
    event: z.string().min(1),
    /** A subset match (matchers allowed) on `event.data`. */
    match: z.unknown().optional(),
    /** Seconds to wait, counted from when the step's request was sent. */
    within: z.number().positive().max(600).default(10),
    /** `valid`: Mono-Signature must verify with the target's webhook secret; `any`: not checked. */
    signature: z.enum(['valid', 'any']).default('valid'),
  })
  .strict();

const expectationSchema = z
  .object({
    status: z.unknown().optional(),
    /** Header name (any case) -> expected value or matcher. */
    headers: z.record(z.string(), z.unknown()).optional(),
    /** Every key given must match; other keys may be present. */
    body: z.unknown().optional(),
    /** The whole body must match: no other keys. */
    body_exact: z.unknown().optional(),
    /** Keys and types only: leaves are type names (string, integer, number, boolean, null, object, array). */
    body_shape: z.unknown().optional(),
  })
  .strict()
  .refine((e) => [e.body, e.body_exact, e.body_shape].filter((b) => b !== undefined).length <= 1, {
    message: 'give one of body, body_exact and body_shape',
  });

const stepSchema = z
  .object({
    name: stepName,
    /** Marks a step that only an emulator can run (`/_emulator/*` triggers): skipped on the sandbox. */
    emulator_only: z.boolean().default(false),
    /** Which key signs the request: the target's first, its second tenant's, or none. */
    auth: z.enum(['primary', 'second', 'none']).default('primary'),
    /** Sends the same request this many times (e.g. to fill pages); captures come from the last answer. */
    repeat: z.number().int().min(1).max(100).default(1),
    /**
     * Seconds to keep re-sending a GET until its expectations pass, for state that settles
     * after the answer (a delivery log, a sandbox's eventual consistency).
     */
    eventually: z.number().positive().max(120).optional(),
    request: requestSchema,
    expect: expectationSchema.optional(),
    /** Variable name -> JSONPath into `{status, headers, body}` of the answer. */
    capture: z.record(identifier, z.string().startsWith('$', 'a capture is a JSONPath starting with "$"')).optional(),
    webhooks: z.array(webhookExpectationSchema).min(1).optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._/-]*$/, 'an id is lowercase letters, digits, ".", "/", "-" and "_"'),
    title: z.string().min(1),
    description: z.string().optional(),
    tags: z.array(z.string().min(1)).default([]),
    targets: z.array(z.enum(SCENARIO_TARGETS)).min(1).default([...SCENARIO_TARGETS]),
    requires: z.array(z.enum(REQUIREMENTS)).default([]),
    /** Names of fragments (scenarios/_fragments/<name>.yaml) whose vars and steps come first. */
    setup: z.array(z.string().regex(NAME)).default([]),
    /** Values computed once when the scenario starts (interpolation allowed), e.g. an idempotency key to reuse. */
    vars: z.record(identifier, z.unknown()).default({}),
    steps: z.array(stepSchema).min(1),
  })
  .strict();

export const fragmentSchema = z
  .object({
    fragment: z.string().regex(NAME),
    description: z.string().optional(),
    vars: z.record(identifier, z.unknown()).default({}),
    steps: z.array(stepSchema).default([]),
  })
  .strict();

export type RequestSpec = z.output<typeof requestSchema>;
export type WebhookExpectation = z.output<typeof webhookExpectationSchema>;
export type StepSpec = z.output<typeof stepSchema>;
export type ScenarioSpec = z.output<typeof scenarioSchema>;
export type FragmentSpec = z.output<typeof fragmentSchema>;

/** A loaded scenario: its fragments' vars and steps already put first. */
export interface Scenario extends ScenarioSpec {
  /** The file it came from, as given to the loader. */
  file: string;
  /** 1-based line of each step in its file (fragment steps point into the fragment's file). */
  stepLocations: { file: string; line: number }[];
}
