/** Where a runbook goes next: `goto` of a choice, `next`, else the following step in file order. */
import type { Runbook } from '../runbook/schema.js';
import { flatSteps } from '../runbook/steps.js';

/** The id of the step after `stepId`, or undefined at the end of the runbook. */
export function followingStep(runbook: Runbook, stepId: string, goto?: string): string | undefined {
  if (goto) return goto;
  const steps = flatSteps(runbook);
  const index = steps.findIndex(({ step }) => step.id === stepId);
  const step = steps[index]?.step;
  if (step?.next) return step.next;
  return steps[index + 1]?.step.id;
}

/** The first step of a runbook. */
export function firstStep(runbook: Runbook): string | undefined {
  return flatSteps(runbook)[0]?.step.id;
}
