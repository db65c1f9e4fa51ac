import { z } from 'zod';
import { fragmentSchema, scenarioSchema } from './schema.js';

/**
 * JSON Schemas of the scenario and fragment files, made from the zod schemas the loader uses, so
 * that editors complete and check scenario YAML with the same rules (shipped as
 * schemas/scenario.schema.json and schemas/fragment.schema.json; `npm run schemas:generate`).
 * The input side: fields with a default are optional. The cross-step rules (names, references,
 * matcher syntax) are the loader's and `mono-contract lint`'s alone.
 */
export function scenarioJsonSchemas(): Record<'scenario' | 'fragment', Record<string, unknown>> {
  const make = (schema: z.ZodType, title: string, description: string) => {
    const generated = z.toJSONSchema(schema, { io: 'input' });
    return { $schema: generated.$schema, title, description, ...generated };
  };
  return {
    scenario: make(scenarioSchema, 'mono-contract scenario', 'One scenario of the Mono card sandbox contract harness (scenarios/README.md).'),
    fragment: make(fragmentSchema, 'mono-contract setup fragment', 'Vars and steps several scenarios share (scenarios/_fragments/<name>.yaml).'),
  };
}
