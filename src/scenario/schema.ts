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

/*
 * Descriptions are `.describe()` rather than comments: they travel into the JSON Schema made
 * from this one (schemas/scenario.schema.json), where editors show them. Regexes stand in for
 * startsWith for the same reason: the JSON Schema stays standard.
 */

const requestSchema = z
  .object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    path: z.string().regex(/^\//, 'a path starts with "/" (the base URL comes from the target)').describe('The path, e.g. /v1/cards/${card_id}; may carry a query'),
    query: z.record(z.string(), queryValue).optional().describe('Query parameters; a list repeats the parameter'),
    headers: z.record(z.string(), z.string()).optional().describe('Headers sent as written; they win over the Authorization the step\'s auth adds'),
    body: z.unknown().optional().describe('Any JSON value, sent with content-type application/json'),
  })
  .strict();

const webhookExpectationSchema = z
  .object({
    event: z.string().min(1).describe('event.type of the delivery, e.g. card_state_changed'),
    match: z.unknown().optional().describe('A subset match (matchers allowed) on event.data'),
    within: z.number().positive().max(600).default(10).describe('Seconds to wait, counted from when the step\'s request was sent'),
    signature: z.enum(['valid', 'any']).default('valid').describe('valid: Mono-Signature must verify with the target\'s webhook secret; any: not checked'),
  })
  .strict();

const expectationSchema = z
  .object({
    status: z.unknown().optional().describe('A status code or a matcher'),
    headers: z.record(z.string(), z.unknown()).optional().describe('Header name (any case) -> expected value or matcher'),
    body: z.unknown().optional().describe('Subset: every key given must match; other keys may be present'),
    body_exact: z.unknown().optional().describe('Exact: the whole body must match, no other keys'),
    body_shape: z.unknown().optional().describe('Keys and types only: leaves are string, integer, number, boolean, null, object or array'),
  })
  .strict()
  .refine((e) => [e.body, e.body_exact, e.body_shape].filter((b) => b !== undefined).length <= 1, {
    message: 'give one of body, body_exact and body_shape',
  });

/**
 * A path whose value may differ from the snapshot, and why. A skip without a reason is refused:
 * a difference nobody can explain is drift. Past `until` the skip fails the run, so a
 * workaround cannot outlive its reason.
 */
const paritySkipSchema = z
  .object({
    path: z
      .string()
      .regex(/^\$/, 'a skip path starts with "$" (e.g. $.body.cards[*].nickname)')
      .describe('Into the step\'s snapshot entry {request, status, headers, body, webhooks}, e.g. $.body.cards or $.body.cards[*].nickname'),
    reason: z
      .string({ error: 'a skip needs a reason: why this value may differ from the snapshot' })
      .trim()
      .min(1, 'a skip needs a reason: why this value may differ from the snapshot')
      .describe('Why this value may differ from the snapshot'),
    until: z.iso.date('until is a date: YYYY-MM-DD').optional().describe('YYYY-MM-DD: after this day the skip fails the run'),
  })
  .strict();

const paritySchema = z
  .object({ skip: z.array(paritySkipSchema).min(1).describe('Paths not compared with the snapshot, each with its reason') })
  .strict()
  .describe('How the step\'s answers are compared with its snapshot (--snapshot-verify)');

const stepSchema = z
  .object({
    name: stepName.describe('Unique in the scenario, fragments included; $same_as refers to it'),
    emulator_only: z.boolean().default(false).describe('A step only an emulator can run (/_emulator/* triggers): skipped on the sandbox'),
    auth: z.enum(['primary', 'second', 'none']).default('primary').describe('Which key signs the request: the target\'s first, its second tenant\'s, or none'),
    repeat: z.number().int().min(1).max(100).default(1).describe('Sends the same request this many times; captures come from the last answer'),
    eventually: z
      .number()
      .positive()
      .max(120)
      .optional()
      .describe('GET only: seconds to keep re-sending until the expectations pass, for state that settles after the answer'),
    request: requestSchema,
    expect: expectationSchema.optional(),
    capture: z
      .record(identifier, z.string().regex(/^\$/, 'a capture is a JSONPath starting with "$"'))
      .optional()
      .describe('Variable name -> JSONPath into {status, headers, body} of the answer'),
    webhooks: z.array(webhookExpectationSchema).min(1).optional().describe('Deliveries the request causes; needs requires: [webhooks]'),
    parity: paritySchema.optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._/-]*$/, 'an id is lowercase letters, digits, ".", "/", "-" and "_"').describe('Unique; names the scenario in reports and snapshots'),
    title: z.string().min(1),
    description: z.string().optional(),
    tags: z.array(z.string().min(1)).default([]).describe('--grep matches the id, the title and the tags'),
    targets: z.array(z.enum(SCENARIO_TARGETS)).min(1).default([...SCENARIO_TARGETS]).describe('The kinds of server the scenario is valid for'),
    requires: z.array(z.enum(REQUIREMENTS)).default([]).describe('What the target must give beyond one API key; without it the scenario is skipped'),
    setup: z.array(z.string().regex(NAME)).default([]).describe('Fragments (_fragments/<name>.yaml here or in a folder above, else the package\'s own) whose vars and steps come first'),
    vars: z.record(identifier, z.unknown()).default({}).describe('Values computed once when the scenario starts (interpolation allowed)'),
    steps: z.array(stepSchema).min(1),
  })
  .strict();

export const fragmentSchema = z
  .object({
    fragment: z.string().regex(NAME).describe('The fragment\'s name: its file name without .yaml'),
    description: z.string().optional(),
    vars: z.record(identifier, z.unknown()).default({}),
    steps: z.array(stepSchema).default([]),
  })
  .strict();

export type RequestSpec = z.output<typeof requestSchema>;
export type ParitySkip = z.output<typeof paritySkipSchema>;
export type WebhookExpectation = z.output<typeof webhookExpectationSchema>;
export type StepSpec = z.output<typeof stepSchema>;
export type ScenarioSpec = z.output<typeof scenarioSchema>;
export type FragmentSpec = z.output<typeof fragmentSchema>;

/** A loaded scenario: its fragments' vars and steps already put first. */
export interface Scenario extends ScenarioSpec {
  /** The file it came from, as given to the loader. */
  file: string;
  /** 1-based line of each step in its file (fragment steps point into the fragment's file), and its YAML path there. */
  stepLocations: { file: string; line: number; at: (string | number)[] }[];
}
