import { runbookJsonSchema } from '../runbook/schema.js';

/** `drp schema`: the runbook JSON Schema, for editors. */
export function schemaCommand(): number {
  process.stdout.write(`${JSON.stringify(runbookJsonSchema(), null, 2)}\n`);
  return 0;
}
