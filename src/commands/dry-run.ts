/** `--dry-run`: every step in file order with its command after substitution (secrets masked); nothing runs. */
import type { Runbook } from '../runbook/schema.js';
import { flatSteps } from '../runbook/steps.js';
import { substituteVars } from '../runbook/vars.js';
import { MASK } from '../session/redact.js';
import { sessionRedactor } from '../engine/secrets.js';
import type { ResolvedVar } from '../engine/vars.js';

export function printDryRun(runbook: Runbook, mode: 'incident' | 'drill', values: Map<string, ResolvedVar>, out: NodeJS.WritableStream): number {
  const redactor = sessionRedactor(values, process.env);
  const show = (text: string): string =>
    redactor.redact(substituteVars(text, (name) => {
      const value = values.get(name);
      if (!value) return `\${${name}}`;
      return value.secret ? MASK : value.value;
    }));
  out.write(`drp: dry run of ${runbook.title} (${mode}); nothing is executed\n`);
  let phase: number | undefined;
  for (const { step, index, phase: p } of flatSteps(runbook)) {
    if (p !== undefined && p !== phase) {
      phase = p;
      const spec = runbook.phases?.[p];
      out.write(`\n== ${spec?.title ?? ''}${spec?.estimate ? ` (estimate ${spec.estimate})` : ''}\n`);
    }
    const skipped = step.only !== undefined && step.only !== mode ? `  [skipped: ${step.only} only]` : '';
    out.write(`\n${index + 1}. ${step.id} — ${show(step.title)}${step.estimate ? ` (~${step.estimate})` : ''}${skipped}\n`);
    if (step.confirm) out.write(`   confirm by typing: ${step.confirm}\n`);
    if (step.run !== undefined) out.write(`   $ ${show(step.run).trimEnd().replace(/\n/g, '\n     ')}\n`);
    if (step.check) out.write(`   check ${show(JSON.stringify(step.check))}\n`);
    if (step.do) out.write(`   manual: ${show(step.do).trimEnd().replace(/\n/g, '\n           ')}\n`);
    if (step.choices) step.choices.forEach((choice, i) => out.write(`   ${i + 1}) ${show(choice.label)}${choice.goto ? ` → ${choice.goto}` : ''}\n`));
    if (step.input) out.write(`   input ${step.input.var}: ${show(step.input.prompt)}\n`);
    if (step.checklist) for (const item of step.checklist) out.write(`   [ ] ${show(item)}\n`);
    if (step.next) out.write(`   → ${step.next}\n`);
  }
  return 0;
}
